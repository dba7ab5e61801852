"""The Flask application: worker pages, the analyst dashboard and the JSON API."""
