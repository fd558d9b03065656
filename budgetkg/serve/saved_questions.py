"""``/queries`` and ``/queries/NAME?param=value``: the saved questions as URLs.

The list comes as JSON or an HTML page; an answer as CSV, JSON (the values of ``budgetkg query``) or
an HTML page with a form, chosen by the Accept header or by ``format=csv|json|html``.  Parameters are
the question's own, typed and checked as on the command line.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.output import as_csv, as_json
from budgetkg.params import bind
from budgetkg.questions import SavedQuestion, catalogue, make_answer
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.pages import question_list_page, question_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose_for

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
    bound = bind(question.name, question.parameters, params)
    substitutions: Substitutions = {ox.Variable(variable): term for variable, term in bound.items()}
    outcome = evaluator.query(question.text, substitutions)
    if outcome.kind != "solutions":
        raise HTTPProblem(HTTPStatus.INTERNAL_SERVER_ERROR, f"{name} is not a SELECT question")
    answer = make_answer(question, outcome.variables, outcome.rows)
    rows = answer.text_rows()
    if media == "text/csv":
        return Response(as_csv(answer.columns, rows).encode("utf-8"), media)
    if media == "application/json":
        return Response(as_json(answer.columns, rows).encode("utf-8"), media)
    return Response(question_page(question, params, answer.columns, rows), media)


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
