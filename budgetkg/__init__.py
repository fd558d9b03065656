"""budgetkg: Chinese government budget disclosures into a validated, queryable knowledge graph.

From Python, ``budgetkg.query(name, store=..., params=..., endpoint=...)`` answers a saved question
as a pandas DataFrame (see ``budgetkg/api.py``).  It is imported on first use, so that importing a
part of the package does not load the query machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetkg.api import query

__all__ = ["query"]


def __getattr__(name: str) -> object:
    if name == "query":
        from budgetkg.api import query

        return query
    raise AttributeError(f"module 'budgetkg' has no attribute {name!r}")
