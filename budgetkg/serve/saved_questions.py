"""``/queries`` and ``/queries/NAME?param=value``: the saved questions as URLs.

The list comes as JSON or an HTML page; an answer as CSV, JSON (the values of ``budgetkg query``) or
an HTML page with its parameters as menus (choices from the store), Chinese column labels, amounts
written for people, sorting and paging (``sort=``, ``page=``, ``size=``), chosen by the Accept
header or by ``format=csv|json|html``.  CSV and JSON take ``limit=`` and ``offset=``; the HTML page's
``page=`` and ``size=`` are the same offset and limit unless it is sorted by a column.  A materialised
listing is read from its tables where they answer (``budgetkg/listings/``).  Parameters are
the question's own, typed and checked as on the command line.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from http import HTTPStatus
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.listings import Listing, from_tables, text_rows
from budgetkg.output import as_csv, as_json
from budgetkg.params import Term, bind
from budgetkg.questions import Answer, ResultRow, SavedQuestion, catalogue, make_answer, parameter_columns
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.menus import Menus, documents
from budgetkg.serve.pages import question_list_page, question_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose_for
from budgetkg.serve.table_view import VIEW_FIELDS, Paged, View

PAGE_FIELDS = ("limit", "offset")
Fields = Mapping[str, Sequence[str]]
ANSWER_FORMATS = {"json": "application/json", "csv": "text/csv", "html": "text/html"}


def list_questions(request: Request) -> Response:
    """Every saved question with its parameters (JSON), or linked from an HTML page."""
    questions = catalogue()
    media = choose_for(request, ["application/json", "text/html"], "the saved questions")
    if media == "text/html":
        return Response(question_list_page(questions), media)
    listing = [_description(question) for question in questions.values()]
    return Response(json.dumps(listing, ensure_ascii=False, indent=2).encode("utf-8"), media)


def answer_question(evaluator: Evaluator, name: str, request: Request) -> Response:
    """The answer of one saved question, its parameters taken from the query string."""
    questions = catalogue()
    if name not in questions:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"no saved question named {name!r}; see /queries")
    question = questions[name]
    fields = request.fields()
    fields.pop("format", None)
    params = {key: values[-1] for key, values in fields.items() if values and values[-1] != ""}
    media = choose_for(request, list(ANSWER_FORMATS.values()), "answers")
    for page_field in PAGE_FIELDS:
        params.pop(page_field, None)
    if media == "text/html":
        for view_field in VIEW_FIELDS:
            params.pop(view_field, None)
        return _html_page(evaluator, question, params, fields)
    limit = _whole_number(fields, "limit")
    columns, rows, _ = window(evaluator, question, params, _whole_number(fields, "offset") or 0, limit)
    text_rows = _text_rows(columns, rows)
    if media == "text/csv":
        return Response(as_csv(columns, text_rows).encode("utf-8"), media)
    return Response(as_json(columns, text_rows).encode("utf-8"), media)


def _html_page(
    evaluator: Evaluator, question: SavedQuestion, params: dict[str, str], fields: Fields
) -> Response:
    """The HTML page: sorted on the server when a column is chosen, otherwise the page's rows alone
    (``page=`` and ``size=`` are an offset and a limit)."""
    menus = Menus.of(documents(evaluator))
    if (fields.get("sort") or [""])[-1]:
        columns, rows, _ = window(evaluator, question, params, 0, None)
        text_rows = _text_rows(columns, rows)
        page = question_page(question, params, columns, text_rows, View.of(fields, columns), menus)
        return Response(page, "text/html")
    view = View.of(fields, [])
    columns, rows, total = window(evaluator, question, params, (view.page - 1) * view.size, view.size)
    last = max(1, -(-total // view.size))
    if view.page > last:  # past the end: the last page
        view = View(page=last, size=view.size)
        columns, rows, total = window(evaluator, question, params, (last - 1) * view.size, view.size)
    text_rows = _text_rows(columns, rows)
    paged = Paged(text_rows, view, total)
    return Response(question_page(question, params, columns, text_rows, view, menus, paged), "text/html")


def _text_rows(columns: list[str], rows: list[tuple[Term | None, ...]]) -> list[ResultRow]:
    return list(text_rows(columns, rows))


def window(
    evaluator: Evaluator, question: SavedQuestion, params: Mapping[str, str], offset: int, limit: int | None
) -> tuple[list[str], list[tuple[Term | None, ...]], int]:
    """``limit`` rows of the answer from ``offset`` and the number of rows of the whole answer: from
    the materialised tables of a store on disk where they answer, otherwise from the query."""
    if evaluator.store.path is not None:
        found = from_tables(evaluator.store, question, dict(params), (limit, offset))
        if isinstance(found, Listing):
            return found.columns, list(found.rows), found.total or 0
    answer = ask(evaluator, question, params)
    stop = None if limit is None else offset + limit
    return answer.columns, answer.rows[offset:stop], len(answer.rows)


def _whole_number(fields: Fields, name: str) -> int | None:
    values = fields.get(name) or [""]
    if values[-1] == "":
        return None
    try:
        number = int(values[-1])
    except ValueError:
        number = -1
    if number < 0:
        raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"{name} must be a whole number, 0 or more")
    return number


def ask(
    evaluator: Evaluator, question: SavedQuestion, params: Mapping[str, str], shown: Collection[str] = ()
) -> Answer:
    """The answer of a saved question with parameters (checked and typed as on the command line).  The
    variables of the parameters named in ``shown`` (``param_<name>``, the value each row has) stay
    columns of the answer."""
    bound = bind(question.name, question.parameters, dict(params))
    substitutions: Substitutions = {ox.Variable(variable): term for variable, term in bound.items()}
    outcome = evaluator.query(question.text, substitutions)
    if outcome.kind != "solutions":
        raise HTTPProblem(HTTPStatus.INTERNAL_SERVER_ERROR, f"{question.name} is not a SELECT question")
    if not shown:
        return make_answer(question, outcome.variables, outcome.rows)
    hidden = parameter_columns(question) - {p.variable for p in question.parameters if p.name in shown}
    keep = [index for index, name in enumerate(outcome.variables) if name not in hidden]
    rows = [tuple(row[index] for index in keep) for row in outcome.rows]
    return Answer([outcome.variables[index] for index in keep], rows)


def _description(question: SavedQuestion) -> dict[str, object]:
    return {
        "name": question.name,
        "title": question.title,
        "description": question.description,
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
            for p in question.parameters
        ],
        "url": f"/queries/{quote(question.name)}",
    }
