"""Saved questions from Python: ``budgetkg.query(name, store=..., params=..., endpoint=...)``.

The answer is a pandas DataFrame with the question's columns, one row per result row, each column
typed by the XSD datatype the question gives its values (:mod:`budgetkg.columns`): amounts
(``xsd:decimal``) are ``float64``, so that ``nlargest``, ``describe`` and arithmetic work; integers
(``fiscal_year``, counts) are the nullable ``Int64``; flags such as ``disclosed`` the nullable
``boolean``; text and codes stay ``object`` columns of ``str``.  Absent values are ``NaN`` or
``<NA>`` in the typed columns and ``None`` in the text ones.  With ``exact=True`` the amounts stay
``decimal.Decimal`` objects (an ``object`` column), exactly the figures of the table, CSV and JSON
outputs of ``budgetkg query``.  pandas is an optional extra: ``pip install 'budgetkg[pandas]'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkg.columns import ColumnKind, column_kinds, column_values, typed_values
from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.listings import ask, check_page
from budgetkg.questions import Answer, SavedQuestion, get_question
from budgetkg.store import EmbeddedStore

if TYPE_CHECKING:
    import pandas

    from budgetkg.remote import Endpoint

DEFAULT_STORE = Path("kg")
_NULLABLE_DTYPES = {ColumnKind.INTEGER: "Int64", ColumnKind.BOOLEAN: "boolean"}


def answer(
    name: str,
    store: str | Path | EmbeddedStore | None = None,
    params: Mapping[str, object] | None = None,
    endpoint: Endpoint | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Answer:
    """The typed answer of a saved question, from a store (default ``kg``) or a SPARQL endpoint:
    ``limit`` rows from ``offset`` (all with no limit), in the question's order."""
    question = get_question(name)
    check_page(limit, offset)
    if endpoint is not None:
        if store is not None:
            raise QueryError("give either a store or an endpoint, not both")
        from budgetkg.remote import run_remote

        whole = run_remote(endpoint, question, params)
        stop = None if limit is None else offset + limit
        return Answer(whole.columns, whole.rows[offset:stop])
    if isinstance(store, EmbeddedStore):
        return _paged(store, question, params, limit, offset)
    path = Path(store) if store is not None else DEFAULT_STORE
    if not path.exists():
        raise BudgetKGError(f"no store at {path}: run 'budgetkg build DOCUMENTS --store {path}' first")
    with EmbeddedStore(path, read_only=True) as opened:
        return _paged(opened, question, params, limit, offset)


def _paged(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: Mapping[str, object] | None,
    limit: int | None,
    offset: int,
) -> Answer:
    listing = ask(store, question, params, limit=limit, offset=offset)
    return Answer(listing.columns, list(listing.rows))


def to_frame(result: Answer, exact: bool = False) -> pandas.DataFrame:
    """A DataFrame with a column of each kind's dtype (see the module description)."""
    try:
        import pandas
    except ImportError as error:
        raise BudgetKGError("pandas is not installed: pip install 'budgetkg[pandas]'") from error
    columns: dict[str, object] = {}
    for column, kind in column_kinds(result).items():
        values: list[Any] = list(typed_values(column_values(result, column), kind))
        if kind is ColumnKind.DECIMAL and not exact:
            floats = [float("nan") if value is None else float(value) for value in values]
            columns[column] = pandas.array(floats, dtype="float64")
        elif kind in _NULLABLE_DTYPES:
            columns[column] = pandas.array(values, dtype=_NULLABLE_DTYPES[kind])  # type: ignore[call-overload]
        else:
            columns[column] = pandas.array(values, dtype=object)
    return pandas.DataFrame(columns, columns=result.columns, index=pandas.RangeIndex(len(result.rows)))


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
    union_default_graph: bool = False,
    exact: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> pandas.DataFrame:
    """Answer the saved question ``name`` as a DataFrame (amounts as ``float64``, or as
    ``decimal.Decimal`` with ``exact=True``).

    ``store`` is a store folder (default ``kg``) or an open store; ``endpoint`` the URL of a SPARQL
    1.1 endpoint instead, with ``user``, ``password``, ``auth`` (basic or digest) and ``timeout``,
    and ``union_default_graph=True`` when the server's default graph is the union of its graphs
    (Oxigraph server started with ``--union-default-graph``): no dataset is then sent;
    ``params`` the question's parameters, e.g. ``{"region": "420103", "year": 2024}``; ``limit``
    rows from ``offset`` (all with no limit), in the question's order (the listings that the store
    keeps as tables are read from them).  See the module description for the column types.
    """
    target: Endpoint | None = None
    if isinstance(endpoint, str):
        from budgetkg.remote import Endpoint

        target = Endpoint(
            endpoint,
            user=user,
            password=password,
            auth=auth,
            timeout=timeout,
            union_default_graph=union_default_graph,
        )
    else:
        if union_default_graph and (endpoint is None or not endpoint.union_default_graph):
            raise QueryError(
                "union_default_graph describes a SPARQL server's default graph: give it with an endpoint "
                "URL (an Endpoint carries its own union_default_graph)"
            )
        target = endpoint
    return to_frame(answer(name, store, params, target, limit=limit, offset=offset), exact=exact)
