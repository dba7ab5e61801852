"""Posting collection: one module per source (Craigslist, schema.org JobPosting, USAJOBS, job boards,
files), a shared polite HTTP client, deduplication and geography.
"""
