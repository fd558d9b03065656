"""``/downloads/NAME.csv`` and ``/downloads/NAME.parquet``: the whole answer of a saved question (no
parameters), as CSV (the values of ``budgetkg query --format csv``) or as Parquet (typed columns, as
``budgetkg query --format parquet`` writes them); the catalogue lists both for every question."""

from __future__ import annotations

from http import HTTPStatus

from budgetkg.output import as_csv
from budgetkg.parquet import MEDIA_TYPE as PARQUET
from budgetkg.parquet import parquet_bytes
from budgetkg.questions import catalogue, make_answer
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import HTTPProblem, Request, Response

DOWNLOADS = {".csv": "text/csv", ".parquet": PARQUET}


def answer_download(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The file ``rest`` (``NAME.csv`` or ``NAME.parquet``)."""
    name, _, extension = rest.rpartition(".")
    suffix = "." + extension
    media = DOWNLOADS.get(suffix)
    if media is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, "downloads are NAME.csv or NAME.parquet; see /catalog")
    question = catalogue().get(name)
    if question is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"no saved question named {name!r}; see /catalog")
    outcome = evaluator.query(question.text)
    answer = make_answer(question, outcome.variables, outcome.rows)
    if media == PARQUET:
        body = parquet_bytes(answer)
    else:
        body = as_csv(answer.columns, answer.text_rows()).encode("utf-8")
    disposition = f'attachment; filename="{name}{suffix}"'
    return Response(body, media, headers={"Content-Disposition": disposition})
