"""``/flows`` in ``budgetkg serve``: the explorer page (or its JSON, by ``?format=json`` or the Accept
header; another format is a 406 naming these two) for the parameters of the query string, its
queries run through the server's evaluator and its limits.  Its source pages link to
``/source/<file>#page=N``, as the server's table pages do, for the files at hand."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from budgetkg.flows.data import FileLink, flow_data
from budgetkg.flows.graph import build_flow_graph
from budgetkg.flows.model import SourceFile
from budgetkg.flows.page import render_page
from budgetkg.flows.records import PARAMETERS, Solutions, Substitutions, fetch

if TYPE_CHECKING:
    from budgetkg.serve.evaluation import Evaluator
    from budgetkg.serve.protocol import Request, Response


def served_file_link(evaluator: Evaluator) -> FileLink:
    """Links to the files the server has at hand (``serve --sources``), by the server's ``/source/``."""
    from budgetkg.serve.sources import SourceFile as KnownFile
    from budgetkg.serve.sources import source_files

    found = source_files(evaluator)

    def link(file: SourceFile) -> str | None:
        if found.path(KnownFile(file.name, file.sha256, file.first_page)) is None:
            return None
        return "/source/" + quote(file.name, safe="")

    return link


def flows_response(evaluator: Evaluator, request: Request) -> Response:
    """The explorer for the region, year, phase and department given in the query string."""
    from budgetkg.serve.protocol import Response, choose_for

    media = choose_for(request, ["text/html", "application/json"], "the funding flows")
    fields = request.fields()
    params = {name: fields[name][0] for name in PARAMETERS if fields.get(name, [""])[0]}

    def run(text: str, substitutions: Substitutions) -> Solutions:
        outcome = evaluator.query(text, substitutions)
        return outcome.variables, outcome.rows

    data = flow_data(build_flow_graph(fetch(run, params)), served_file_link(evaluator))
    if media == "application/json":
        return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")
    page = render_page(data, chosen=params, link_base="/")
    return Response(page.encode("utf-8"), "text/html")
