"""Listings in pages, answered from materialised tables.

Every saved question is answered in pages (``limit``, ``offset``) with its rows streamed
(:func:`ask`).  The questions whose ``.rq`` header says ``#materialise: per-document`` have their
rows computed, document by document, by the reader worker that read the document
(:mod:`budgetkg.listings.precompute`) or when the document is written (:func:`updating`, around the
build's write), and kept as Parquet beside the store; their answers over the whole store, or over
the documents chosen by region, year, phase or department, are read from those tables while every
table is current, and come from SPARQL otherwise.  Every other question's whole answer, asked with
no parameter, is kept once a build has written to the store (:mod:`budgetkg.listings.kept`) and
read while nothing was written since.
"""

from budgetkg.listings.answers import (
    FROM_KEPT,
    FROM_SPARQL,
    FROM_TABLES,
    Listing,
    ask,
    check_page,
    from_tables,
    text_rows,
)
from budgetkg.listings.kept import keep_answers, keeps_every_answer, kept_current
from budgetkg.listings.materialise import Computed, complete, content_hash, invalidate, refresh, updating
from budgetkg.listings.spec import ListingSpec, listing_spec, materialised_specs

__all__ = [
    "FROM_KEPT",
    "FROM_SPARQL",
    "FROM_TABLES",
    "Computed",
    "Listing",
    "ListingSpec",
    "ask",
    "check_page",
    "complete",
    "content_hash",
    "from_tables",
    "invalidate",
    "keep_answers",
    "keeps_every_answer",
    "kept_current",
    "listing_spec",
    "materialised_specs",
    "refresh",
    "text_rows",
    "updating",
]
