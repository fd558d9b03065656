"""``/ui/…``: pages for browsing the store as people read budgets.

``/ui/`` chooses documents by region, year, department and phase (menus filled from the store) and
shows their totals (the saved question ``department-overview``); ``/ui/region/CODE`` and
``/ui/org/…`` are a region's and a department's pages (documents, years, totals); ``/ui/doc/KEY``
lists a document's tables; ``/ui/doc/KEY/table/N`` shows a table's rows as printed, each figure
linked to its source page; ``/ui/figure`` finds where a figure of an answer is printed.  The paths
mirror the IRIs under ``/id/``.

Each page also gives what it lists as CSV or JSON (the documents, a document's tables, a table's
printed rows), and a page that mirrors an IRI sends a request for Turtle, JSON-LD or N-Triples to
that IRI's description (``alternates.py``); ``?format=`` wins over the Accept header, and a format a
page does not offer is a 406 that lists those it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.questions import ResultRow, catalogue
from budgetkg.rdf import iris
from budgetkg.serve.alternates import HTML, LINKED, PageFormats, description_redirect, rows_answer
from budgetkg.serve.columns import Column, column
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.menus import Menus, Record, document, documents, records
from budgetkg.serve.pages import figure_link
from budgetkg.serve.protocol import HTTPProblem, Request, Response
from budgetkg.serve.saved_questions import ask
from budgetkg.serve.sources import PageLink, SourceFile, document_files, page_link
from budgetkg.serve.table_view import View, arrange, link
from budgetkg.serve.templating import as_decimal, render, ui_path

FILTERS = ("region", "year", "department", "phase")
TOTALS_QUESTION = "department-overview"
TABLE_PAGE_SIZE = 200
DOCUMENT_COLUMNS = (
    "doc",
    "region_code",
    "region_name",
    "publisher",
    "department",
    "fiscal_year",
    "phase_code",
    "phase_name",
    "kind_name",
    "title",
    "file_name",
    "pages",
    "sha256",
)
"""The columns of a listing's documents as CSV and JSON."""
TABLE_COLUMNS = ("table", "number", "kind_name", "title", "unit", "page", "rows", "figures")
"""The columns of a document's tables as CSV and JSON."""
PRINTED_COLUMNS = ("row", "line", "page", "code", "name", "total")
"""The columns of a table's printed rows as CSV and JSON, before one column per printed heading."""
PHASE_VARIABLE = "param_phase"
PHASE_COLUMN = Column("phase_name", "预决算", "text")
"""The phase of each row of totals, shown after its year: the rows of a budget and of its final accounts
are otherwise alike."""


def browse(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The page at ``/ui/<rest>``, or one of its other formats."""
    parts = [part for part in rest.split("/") if part]
    fields = request.fields()
    if not parts:
        chosen = {name: _last(fields, name) for name in FILTERS}
        formats = PageFormats("browse pages", tabular=True)
        return _listing(evaluator, request, formats, "浏览 Browse", chosen, "/ui/")
    mirrored = iris.BASE + "/".join(parts)
    if parts[0] == "region" and len(parts) == 2:
        chosen = {"region": parts[1], "year": _last(fields, "year"), "phase": _last(fields, "phase")}
        formats = PageFormats("region pages", tabular=True, iri=mirrored)
        return _listing(evaluator, request, formats, "地区 Region", chosen, f"/ui/{rest}", fixed="region")
    if parts[0] == "org" and len(parts) >= 2:
        return _department(evaluator, request, rest, PageFormats("department pages", True, mirrored))
    if parts[0] == "doc" and len(parts) == 2:
        return _document_page(evaluator, request, mirrored, PageFormats("document pages", True, mirrored))
    if parts[0] == "doc" and len(parts) == 4 and parts[2] == "table":
        return _table_page(evaluator, request, mirrored, PageFormats("table pages", True, mirrored))
    if parts == ["figure"]:
        PageFormats("figure pages").choose(request)
        return _figure(evaluator, fields)
    location = "/id/" + rest + (f"?{request.query}" if request.query else "")
    return Response(b"", "text/plain", HTTPStatus.SEE_OTHER, {"Location": location})


def _listing(
    evaluator: Evaluator,
    request: Request,
    formats: PageFormats,
    heading: str,
    chosen: Mapping[str, str],
    base: str,
    fixed: str = "",
    name: str = "",
) -> Response:
    media = formats.choose(request)
    if media in LINKED and formats.iri:
        return description_redirect(formats.iri, media)
    everything = documents(evaluator)
    shown = [record for record in everything if _matches(record, chosen)]
    if fixed == "region" and not shown:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document of region {chosen['region']}")
    if media != HTML:
        return rows_answer(media, DOCUMENT_COLUMNS, shown)
    menus = Menus.of([record for record in everything if fixed != "region" or _matches(record, chosen)])
    params = {key: value for key, value in chosen.items() if value}
    columns, totals = _totals(evaluator, params, everything)
    view = View.of(request.fields(), [col.name for col in columns])
    rows = arrange(totals, view, lambda row, key: row.get(key))
    title = name or (shown[0]["region_name"] if fixed == "region" and shown else heading)
    body = render(
        "browse",
        title=title,
        heading=heading,
        fixed=fixed,
        chosen=chosen,
        menus=menus,
        documents=shown,
        years=sorted({record["fiscal_year"] for record in shown}),
        totals_question=TOTALS_QUESTION,
        columns=columns,
        rows=rows,
        sort_link=lambda key: link(base, {**params, **_query(request)}, sort=view.sort_value(key), page=1),
        page_link=lambda number: link(base, {**params, **_query(request)}, page=number),
        figure_link=figure_link,
        base=base,
        alternates=formats.links(base, request),
    )
    return Response(body, HTML)


def _totals(
    evaluator: Evaluator, params: Mapping[str, str], everything: list[Record]
) -> tuple[list[Column], list[ResultRow]]:
    """The rows of the totals question, each with the phase of its document: ``phase`` (its notation,
    which the row's links carry, so that a budget and the final accounts of the same department and
    year each lead to their own document) and ``phase_name`` (its Chinese label, shown)."""
    answer = ask(evaluator, catalogue()[TOTALS_QUESTION], params, shown=("phase",))
    phases = {record["phase"]: (record["phase_code"], record["phase_name"]) for record in everything}
    rows: list[ResultRow] = []
    for row in answer.text_rows():
        code, label = phases.get(row.pop(PHASE_VARIABLE, None) or "", ("", ""))
        rows.append({**row, "phase": code, PHASE_COLUMN.name: label})
    names = [name for name in answer.columns if name != PHASE_VARIABLE]
    at = names.index("fiscal_year") + 1 if "fiscal_year" in names else len(names)
    columns = [column(name) for name in names]
    return [*columns[:at], PHASE_COLUMN, *columns[at:]], rows


def _department(evaluator: Evaluator, request: Request, rest: str, formats: PageFormats) -> Response:
    publisher = ox.NamedNode(iris.BASE + rest)
    own = documents(evaluator, {ox.Variable("publisher"): publisher})
    if not own:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document published by {publisher.value}")
    chosen = {"region": own[0]["region_code"], "department": own[0]["department"]}
    name = own[0]["department"]
    return _listing(evaluator, request, formats, "部门 Department", chosen, f"/ui/{rest}", "department", name)


def _document_page(evaluator: Evaluator, request: Request, iri: str, formats: PageFormats) -> Response:
    media = formats.choose(request)
    if media in LINKED:
        return description_redirect(iri, media)
    record = document(evaluator, iri)
    if record is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document {iri}")
    node = ox.NamedNode(iri)
    found = records("ui-document-tables", evaluator, {ox.Variable("doc"): node})
    if media != HTML:
        return rows_answer(media, TABLE_COLUMNS, found)
    files = document_files(evaluator, node)
    tables = [
        {**table, "href": ui_path(table["table"]), "source": _table_link(evaluator, files, table)}
        for table in found
    ]
    body = render(
        "document",
        document=record,
        tables=tables,
        source=page_link(evaluator, files, None),
        alternates=formats.links(ui_path(iri), request),
    )
    return Response(body, HTML)


@dataclass
class PrintedRow:
    """One printed row of a table: its code and name, its figures by column, where it is printed."""

    key: str
    row: str
    line: str
    page: str
    code: str = ""
    name: str = ""
    total: bool = False
    figures: dict[str, str] = field(default_factory=dict)
    source: PageLink = field(default_factory=lambda: PageLink(None))


def _table_page(evaluator: Evaluator, request: Request, iri: str, formats: PageFormats) -> Response:
    media = formats.choose(request)
    if media in LINKED:
        return description_redirect(iri, media)
    node = ox.NamedNode(iri)
    found = records("ui-table", evaluator, {ox.Variable("table"): node})
    if not found:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no table {iri}")
    table = found[0]
    printed, headings = _printed_rows(evaluator, node)
    if media != HTML:
        return rows_answer(media, [*PRINTED_COLUMNS, *headings], [_printed_record(row) for row in printed])
    record = document(evaluator, table["doc"])
    files = document_files(evaluator, ox.NamedNode(table["doc"]))
    for row in printed:
        row.source = page_link(evaluator, files, _page_number(row.page))
    columns = ["code", "name", *headings, "page"]
    view = View.of(request.fields(), columns)
    view = View(view.sort, view.descending, view.page, max(view.size, TABLE_PAGE_SIZE))
    rows = arrange(printed, view, _printed_value)
    base = ui_path(iri)
    body = render(
        "table",
        table=table,
        document=record,
        headings=headings,
        rows=rows,
        numeric=lambda text: as_decimal(text) is not None,
        sort_link=lambda key: link(base, _query(request), sort=view.sort_value(key), page=1),
        page_link=lambda number: link(base, _query(request), page=number),
        arrow=view.arrow,
        alternates=formats.links(base, request),
    )
    return Response(body, HTML)


def _printed_rows(evaluator: Evaluator, table: ox.NamedNode) -> tuple[list[PrintedRow], list[str]]:
    """The printed rows of a table in their order, and the headings of their figures."""
    printed: dict[str, PrintedRow] = {}
    headings: list[str] = []
    for fact in records("ui-table-lines", evaluator, {ox.Variable("table"): table}):
        key = fact["row"] or f"{fact['page']}:{fact['line']}"
        row = printed.get(key)
        if row is None:
            row = printed[key] = PrintedRow(key, fact["row"], fact["line"], fact["page"])
        row.code = row.code or fact["code"]
        row.name = row.name or fact["name"]
        row.total = row.total or fact["total"] == "true"
        parts = (fact["fund_name"], fact["type_name"], fact["item_name"])
        heading = " · ".join(part for part in parts if part) or "金额"
        if heading not in headings:
            headings.append(heading)
        row.figures[heading] = fact["amount"] or fact["status_name"] or fact["printed"]
    return list(printed.values()), headings


def _printed_record(row: PrintedRow) -> dict[str, str | None]:
    """A printed row as CSV and JSON give it: where it is printed, its code and name, its figures."""
    where = {"row": row.row, "line": row.line, "page": row.page, "code": row.code, "name": row.name}
    return {**where, "total": "true" if row.total else "false", **row.figures}


def _figure(evaluator: Evaluator, fields: Mapping[str, list[str]]) -> Response:
    """Where a figure (or, without ``amount``, a row) of an answer is printed: the first place (a total
    line first) is redirected to (the source page when the file is at hand, else the table row);
    ``list=1`` lists them all."""
    chosen = {name: _last(fields, name) for name in FILTERS}
    doc = _last(fields, "doc")
    candidates = (
        [record for record in [document(evaluator, doc)] if record]
        if doc
        else [record for record in documents(evaluator) if _matches(record, chosen, exact_department=True)]
    )
    wanted = as_decimal(_last(fields, "amount"))
    places: list[dict[str, object]] = []
    for record in candidates:
        if wanted is None:
            places.append({"document": record, "href": ui_path(record["doc"])})
            continue
        node = ox.NamedNode(record["doc"])
        figure = ox.Literal(str(wanted), datatype=_DECIMAL)
        bindings: Substitutions = {ox.Variable("doc"): node, ox.Variable("figure"): figure}
        files = document_files(evaluator, node)
        for fact in records("ui-figure-lines", evaluator, bindings):
            source = page_link(evaluator, files, _page_number(fact["page"]))
            row_href = f"{ui_path(fact['table'])}#row-{quote(fact['row'])}"
            places.append(
                {
                    "document": record,
                    "fact": fact,
                    "href": source.url or row_href,
                    "row": row_href,
                    "source": source,
                }
            )
    # the first place (a total before other lines, the first table, the first row) when the places are
    # all in one document; several documents (the same department's budget and final accounts, when
    # the link does not say the phase) are listed for the reader to choose, never one of them guessed
    in_documents = {_document_of(place) for place in places}
    if len(places) == 1 or (places and len(in_documents) == 1 and _last(fields, "list") == ""):
        return Response(b"", "text/plain", HTTPStatus.SEE_OTHER, {"Location": str(places[0]["href"])})
    body = render("figure", places=places, amount=wanted, chosen=chosen)
    return Response(body, "text/html", HTTPStatus.OK if places else HTTPStatus.NOT_FOUND)


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _document_of(place: Mapping[str, object]) -> str:
    record = place["document"]
    return record["doc"] if isinstance(record, dict) else ""


def _printed_value(row: PrintedRow, key: str) -> str | None:
    if key in ("code", "name", "page"):
        return str(getattr(row, key))
    return row.figures.get(key)


def _matches(record: Record, chosen: Mapping[str, str], exact_department: bool = False) -> bool:
    department = chosen.get("department", "")
    if department and (
        record["department"] != department if exact_department else department not in record["department"]
    ):
        return False
    return all(
        not chosen.get(name) or record[key] == chosen[name]
        for name, key in (("region", "region_code"), ("year", "fiscal_year"), ("phase", "phase_code"))
    )


def _query(request: Request) -> dict[str, str]:
    return {key: values[-1] for key, values in request.fields().items() if values}


def _last(fields: Mapping[str, list[str]], name: str) -> str:
    values = fields.get(name) or [""]
    return values[-1].strip()


def _table_link(evaluator: Evaluator, files: list[SourceFile], table: Record) -> PageLink:
    return page_link(evaluator, files, _page_number(table["page"]))


def _page_number(text: str) -> int | None:
    return int(text) if text.isdigit() else None
