"""budgetkg: Chinese government budget disclosures into a validated, queryable knowledge graph.

From Python, ``budgetkg.query(name, store=..., params=..., endpoint=...)`` answers a saved question
as a pandas DataFrame (see ``budgetkg/api.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from budgetkg.remote import Endpoint
    from budgetkg.store import EmbeddedStore

__all__ = ["query"]


def query(
    name: str,
    store: str | Path | EmbeddedStore | None = None,
    params: Mapping[str, object] | None = None,
    endpoint: str | Endpoint | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 60.0,
) -> pandas.DataFrame:
    """Answer the saved question ``name`` as a DataFrame (amounts as ``decimal.Decimal``).

    ``store`` is a store folder (default ``kg``) or an open store; ``endpoint`` the URL of a SPARQL
    1.1 endpoint instead, with ``user``, ``password``, ``auth`` (basic or digest) and ``timeout``;
    ``params`` the question's parameters, e.g. ``{"region": "420103", "year": 2024}``.
    """
    from budgetkg.api import query as answer_frame

    return answer_frame(
        name, store, params, endpoint, user=user, password=password, auth=auth, timeout=timeout
    )
