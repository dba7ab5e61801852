"""Demand by geography: counts, growth and forecasts from coded, deduplicated postings."""
