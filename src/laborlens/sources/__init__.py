"""Posting collection: one module per source, normalisation, deduplication, geography, coding on arrival.

Sources so far: JSONL/CSV files (:mod:`~laborlens.sources.files`) and schema.org JobPosting JSON-LD
in any HTML page (:mod:`~laborlens.sources.jsonld`).
"""

from laborlens.sources.dedupe import RULE as DEDUPE_RULE
from laborlens.sources.files import read_postings
from laborlens.sources.ingest import IngestReport, ingest, recode
from laborlens.sources.jsonld import postings_from_html
from laborlens.sources.normalize import NormalizedPosting, parse_pay, scrub_contacts
from laborlens.sources.postings import find_postings, get_posting, list_postings, search_postings

__all__ = [
    "DEDUPE_RULE",
    "IngestReport",
    "NormalizedPosting",
    "get_posting",
    "ingest",
    "list_postings",
    "parse_pay",
    "postings_from_html",
    "read_postings",
    "recode",
    "scrub_contacts",
    "find_postings",
    "search_postings",
]
