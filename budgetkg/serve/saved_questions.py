"""``/queries`` and ``/queries/NAME?param=value``: the saved questions as URLs.

The list comes as JSON or an HTML page; an answer as CSV, JSON (the values of ``budgetkg query``) or
an HTML page with its parameters as menus (choices from the store), Chinese column labels, amounts
written for people, sorting and paging (``sort=``, ``page=``, ``size=``, on the HTML page only), chosen
by the Accept header or by ``format=csv|json|html``.  Parameters are
the question's own, typed and checked as on the command line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.output import as_csv, as_json
from budgetkg.params import bind
from budgetkg.questions import Answer, SavedQuestion, catalogue, make_answer
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.menus import Menus, documents
from budgetkg.serve.pages import question_list_page, question_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose_for
from budgetkg.serve.table_view import VIEW_FIELDS, View

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
    if media == "text/html":
        for view_field in VIEW_FIELDS:
            params.pop(view_field, None)
    answer = ask(evaluator, question, params)
    rows = answer.text_rows()
    if media == "text/csv":
        return Response(as_csv(answer.columns, rows).encode("utf-8"), media)
    if media == "application/json":
        return Response(as_json(answer.columns, rows).encode("utf-8"), media)
    menus = Menus.of(documents(evaluator))
    view = View.of(fields, answer.columns)
    return Response(question_page(question, params, answer.columns, rows, view, menus), media)


def ask(evaluator: Evaluator, question: SavedQuestion, params: Mapping[str, str]) -> Answer:
    """The answer of a saved question with parameters (checked and typed as on the command line)."""
    bound = bind(question.name, question.parameters, dict(params))
    substitutions: Substitutions = {ox.Variable(variable): term for variable, term in bound.items()}
    outcome = evaluator.query(question.text, substitutions)
    if outcome.kind != "solutions":
        raise HTTPProblem(HTTPStatus.INTERNAL_SERVER_ERROR, f"{question.name} is not a SELECT question")
    return make_answer(question, outcome.variables, outcome.rows)


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
