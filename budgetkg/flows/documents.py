"""What each document's flows are drawn from.

A document is drawn from its general public budget table by function; where it prints none, from its
财政拨款 table by function (which may also hold government fund money, and says so); where it prints
no table by function at all, from the general public budget total it states (the total line of such a
table, or the 一般公共预算 line of its performance form), which flows on unsplit.  A document that
states none of these is not drawn, and is listed as such.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from budgetkg.flows.model import ZERO, Document, SourceFile, StatedTotal, amount
from budgetkg.questions import ResultRow

TABLE_BASES = ("general", "fiscal")
"""The tables by function, in the order they are preferred."""

TOTAL_BASES = ("general", "form", "fiscal")
"""The stated totals a document without a table by function is drawn from, in that order."""


def _stated(rows: Iterable[ResultRow]) -> dict[str, StatedTotal]:
    """The first stated total of each basis."""
    found: dict[str, StatedTotal] = {}
    for row in rows:
        basis = str(row.get("basis") or "")
        if basis and basis not in found and row.get("amount") not in (None, ""):
            found[basis] = StatedTotal(
                basis, amount(row["amount"]), str(row.get("line") or ""), str(row.get("page") or "")
            )
    return found


def _files(rows: Iterable[ResultRow]) -> dict[str, tuple[SourceFile, ...]]:
    by_document: dict[str, list[SourceFile]] = defaultdict(list)
    for row in rows:
        by_document[str(row["doc"])].append(
            SourceFile(str(row["file_name"]), int(str(row.get("first_page") or "1")), str(row["sha256"]))
        )
    return {iri: tuple(sorted(files, key=lambda file: file.first_page)) for iri, files in by_document.items()}


def read_documents(
    rows: Iterable[ResultRow], function_rows: Iterable[ResultRow], file_rows: Iterable[ResultRow] = ()
) -> list[Document]:
    """Every document of the rows, with what it is drawn from (in the order of the rows)."""
    by_document: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        by_document[str(row["doc"])].append(row)
    bases: dict[str, set[str]] = defaultdict(set)
    for row in function_rows:
        bases[str(row["doc"])].add(str(row["basis"]))
    files = _files(file_rows)
    documents = []
    for iri, own in by_document.items():
        first = own[0]
        document = Document(
            iri=iri,
            region_code=str(first["region_code"]),
            region_name=str(first["region_name"]),
            year=str(first["fiscal_year"]),
            phase=str(first["phase"]),
            phase_name=str(first["phase_name"]),
            department=str(first["department"]),
            published_at=str(first.get("published_at") or ""),
            files=files.get(iri, ()),
        )
        documents.append(_drawn(document, _stated(own), bases[iri]))
    return documents


def _drawn(document: Document, stated: dict[str, StatedTotal], tables: set[str]) -> Document:
    """The document with what it is drawn from."""
    table = next((basis for basis in TABLE_BASES if basis in tables), None)
    if table is not None:
        return replace(document, drawn_from="functions", basis=table, stated=stated.get(table))
    total = next((stated[basis] for basis in TOTAL_BASES if basis in stated), None)
    if total is not None and total.amount > ZERO:
        return replace(document, drawn_from="total", basis=total.basis, stated=total)
    return document
