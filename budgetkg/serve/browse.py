"""``/ui/…``: pages for browsing the store as people read budgets.

``/ui/`` chooses documents by region, year, department and phase (menus filled from the store) and
shows their totals (the saved question ``department-overview``); ``/ui/region/CODE`` and
``/ui/org/…`` are a region's and a department's pages (documents, years, totals); ``/ui/doc/KEY``
lists a document's tables; ``/ui/doc/KEY/table/N`` shows a table's rows as printed, each figure
linked to its source page; ``/ui/figure`` finds where a figure of an answer is printed.  The paths
mirror the IRIs under ``/id/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.questions import catalogue
from budgetkg.rdf import iris
from budgetkg.serve.columns import column
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


def browse(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The page at ``/ui/<rest>``."""
    parts = [part for part in rest.split("/") if part]
    fields = request.fields()
    if not parts:
        chosen = {name: _last(fields, name) for name in FILTERS}
        return _listing(evaluator, request, "浏览 Browse", chosen, "/ui/")
    if parts[0] == "region" and len(parts) == 2:
        chosen = {"region": parts[1], "year": _last(fields, "year"), "phase": _last(fields, "phase")}
        return _listing(evaluator, request, "地区 Region", chosen, f"/ui/{rest}", fixed="region")
    if parts[0] == "org" and len(parts) >= 2:
        return _department(evaluator, request, rest)
    if parts[0] == "doc" and len(parts) == 2:
        return _document_page(evaluator, iris.BASE + rest)
    if parts[0] == "doc" and len(parts) == 4 and parts[2] == "table":
        return _table_page(evaluator, request, iris.BASE + rest)
    if parts == ["figure"]:
        return _figure(evaluator, fields)
    return Response(b"", "text/plain", HTTPStatus.SEE_OTHER, {"Location": "/id/" + rest})


def _listing(
    evaluator: Evaluator,
    request: Request,
    heading: str,
    chosen: Mapping[str, str],
    base: str,
    fixed: str = "",
    name: str = "",
) -> Response:
    everything = documents(evaluator)
    shown = [record for record in everything if _matches(record, chosen)]
    if fixed == "region" and not shown:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document of region {chosen['region']}")
    menus = Menus.of([record for record in everything if fixed != "region" or _matches(record, chosen)])
    params = {key: value for key, value in chosen.items() if value}
    totals = ask(evaluator, catalogue()[TOTALS_QUESTION], params)
    view = View.of(request.fields(), totals.columns)
    rows = arrange(totals.text_rows(), view, lambda row, key: row.get(key))
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
        columns=[column(name) for name in totals.columns],
        rows=rows,
        sort_link=lambda key: link(base, {**params, **_query(request)}, sort=view.sort_value(key), page=1),
        page_link=lambda number: link(base, {**params, **_query(request)}, page=number),
        figure_link=figure_link,
        base=base,
    )
    return Response(body, "text/html")


def _department(evaluator: Evaluator, request: Request, rest: str) -> Response:
    publisher = ox.NamedNode(iris.BASE + rest)
    own = documents(evaluator, {ox.Variable("publisher"): publisher})
    if not own:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document published by {publisher.value}")
    chosen = {"region": own[0]["region_code"], "department": own[0]["department"]}
    name = own[0]["department"]
    return _listing(evaluator, request, "部门 Department", chosen, f"/ui/{rest}", "department", name)


def _document_page(evaluator: Evaluator, iri: str) -> Response:
    record = document(evaluator, iri)
    if record is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no document {iri}")
    node = ox.NamedNode(iri)
    files = document_files(evaluator, node)
    tables = [
        {**table, "href": ui_path(table["table"]), "source": _table_link(evaluator, files, table)}
        for table in records("ui-document-tables", evaluator, {ox.Variable("doc"): node})
    ]
    body = render("document", document=record, tables=tables, source=page_link(evaluator, files, None))
    return Response(body, "text/html")


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


def _table_page(evaluator: Evaluator, request: Request, iri: str) -> Response:
    node = ox.NamedNode(iri)
    found = records("ui-table", evaluator, {ox.Variable("table"): node})
    if not found:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store holds no table {iri}")
    table = found[0]
    record = document(evaluator, table["doc"])
    files = document_files(evaluator, ox.NamedNode(table["doc"]))
    printed: dict[str, PrintedRow] = {}
    headings: list[str] = []
    for fact in records("ui-table-lines", evaluator, {ox.Variable("table"): node}):
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
    for row in printed.values():
        row.source = page_link(evaluator, files, _page_number(row.page))
    columns = ["code", "name", *headings, "page"]
    view = View.of(request.fields(), columns)
    view = View(view.sort, view.descending, view.page, max(view.size, TABLE_PAGE_SIZE))
    rows = arrange(list(printed.values()), view, _printed_value)
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
    )
    return Response(body, "text/html")


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
    if places and (len(places) == 1 or _last(fields, "list") == ""):
        # the first place: a total before other lines, the first table, the first row
        return Response(b"", "text/plain", HTTPStatus.SEE_OTHER, {"Location": str(places[0]["href"])})
    body = render("figure", places=places, amount=wanted, chosen=chosen)
    return Response(body, "text/html", HTTPStatus.OK if places else HTTPStatus.NOT_FOUND)


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


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
