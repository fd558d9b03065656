"""``/downloads/NAME.csv`` and ``/downloads/NAME.parquet``: the whole answer of a saved question, as
CSV (the values of ``budgetkg query --format csv``) or as Parquet (typed columns, as ``budgetkg query
--format parquet`` writes them); the catalogue lists both for every question.  Parameters in the query
string are the question's own, checked and typed as on ``/queries/NAME``: one the question does not
declare, or a value outside its type or code list, is a 400, never ignored."""

from __future__ import annotations

from http import HTTPStatus

from budgetkg.output import as_csv
from budgetkg.parquet import MEDIA_TYPE as PARQUET
from budgetkg.parquet import parquet_bytes
from budgetkg.questions import catalogue
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import HTTPProblem, Request, Response
from budgetkg.serve.saved_questions import ask

DOWNLOADS = {".csv": "text/csv", ".parquet": PARQUET}


def answer_download(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The file ``rest`` (``NAME.csv`` or ``NAME.parquet``), for the parameters of the query string."""
    name, _, extension = rest.rpartition(".")
    suffix = "." + extension
    media = DOWNLOADS.get(suffix)
    if media is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, "downloads are NAME.csv or NAME.parquet; see /catalog")
    question = catalogue().get(name)
    if question is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"no saved question named {name!r}; see /catalog")
    answer = ask(evaluator, question, _parameters(request, extension))
    if media == PARQUET:
        body = parquet_bytes(answer)
    else:
        body = as_csv(answer.columns, answer.text_rows()).encode("utf-8")
    disposition = f'attachment; filename="{name}{suffix}"'
    return Response(body, media, headers={"Content-Disposition": disposition})


def _parameters(request: Request, extension: str) -> dict[str, str]:
    """The question's parameters from the query string; ``format=`` may only repeat the extension."""
    fields = request.fields()
    for given in fields.pop("format", []):
        if given not in ("", extension):
            raise HTTPProblem(
                HTTPStatus.BAD_REQUEST,
                f"format={given} does not fit a .{extension} download: the extension chooses the format",
            )
    return {key: values[-1] for key, values in fields.items() if values and values[-1] != ""}
