"""Saved questions: SPARQL files in queries/ with ``#title``, ``#description`` and ``#param`` headers.

A question runs on the embedded store (here) or on a remote SPARQL endpoint (``budgetkg/remote.py``);
both give an :class:`Answer` of typed RDF terms, which becomes text rows for the table, CSV and JSON
outputs (:func:`term_value`) or Python values for a DataFrame (:func:`term_python`), so every output
shows the same values.

Parameters (see ``budgetkg/params.py``) are variables ``?param_<name>`` that the question projects, so
that pyoxigraph can substitute them; they are filters only, and are left out of the answer's columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.params import Parameter, Term, bind, parse_parameter
from budgetkg.paths import QUERIES_DIR
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore
from budgetkg.suggest import did_you_mean

__all__ = [
    "Answer",
    "Parameter",
    "ResultRow",
    "SavedQuestion",
    "Value",
    "catalogue",
    "get_question",
    "load_question",
    "run_answer",
    "run_rows",
    "stream_answer",
    "term_python",
    "term_value",
]

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMAL = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_INTEGER = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_NUMERIC = _DECIMAL | _INTEGER
NUMERIC_DATATYPES = frozenset(_NUMERIC)

Value = str | None
ResultRow = dict[str, Value]
PythonValue = str | int | Decimal | bool | None


@dataclass(frozen=True)
class SavedQuestion:
    """A saved SPARQL question."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path
    body: str
    """The query without its leading header comments (title, description, parameters)."""


@dataclass(frozen=True)
class Answer:
    """The columns of a question and its rows of typed terms (None where a value is absent)."""

    columns: list[str]
    rows: list[tuple[Term | None, ...]]

    def text_rows(self) -> list[ResultRow]:
        """Rows as text (the cells of the table, CSV and JSON outputs)."""
        return [dict(zip(self.columns, map(term_value, row), strict=True)) for row in self.rows]

    def python_rows(self) -> list[tuple[PythonValue, ...]]:
        """Rows as Python values: Decimal for decimals, int for integers, str otherwise."""
        return [tuple(map(term_python, row)) for row in self.rows]


def _without_header(text: str) -> str:
    """The query without its leading comment and blank lines."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip().startswith("#")):
        start += 1
    return "\n".join(lines[start:])


def load_question(path: Path) -> SavedQuestion:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    title = description = ""
    parameters: list[Parameter] = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "title":
            title = value.strip()
        elif key == "description":
            description = value.strip()
        else:
            parameters.append(parse_parameter(value, path.name))
    if not title:
        raise QueryError(f"{path.name}: a saved question needs a '#title:' header")
    names = [parameter.name for parameter in parameters]
    if len(set(names)) != len(names):
        raise QueryError(f"{path.name}: a parameter is declared twice")
    body = _without_header(text)
    for parameter in parameters:
        if not re.search(rf"[?$]{parameter.variable}\b", body):
            raise QueryError(
                f"{path.name}: parameter {parameter.name} is declared but ?{parameter.variable} is not used"
            )
    return SavedQuestion(path.stem, title, description, tuple(parameters), text, path, body)


@cache
def catalogue(directory: Path = QUERIES_DIR) -> dict[str, SavedQuestion]:
    """All saved questions by name."""
    return {path.stem: load_question(path) for path in sorted(directory.glob("*.rq"))}


def get_question(name: str) -> SavedQuestion:
    """The saved question called ``name``; a clear error lists the known ones."""
    questions = catalogue()
    if name not in questions:
        hint = did_you_mean(name, questions)
        hint = f"{hint} " if hint else ""
        raise QueryError(f"no saved question named {name!r}; {hint}known: {', '.join(sorted(questions))}")
    return questions[name]


def term_value(term: Term | ox.Triple | None) -> Value:
    """A result cell as text: numbers in plain decimal notation, booleans as true or false, IRIs and
    strings as they are."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        return format(Decimal(term.value), "f")
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD + "boolean":
        return "true" if term.value in ("true", "1") else "false"  # "1" and "0" are booleans too
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def term_python(term: Term | ox.Triple | None) -> PythonValue:
    """A result cell as a Python value: Decimal for decimals, int for integers, bool, else text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER:
            return int(term.value)
        if datatype in _DECIMAL:
            return Decimal(term.value)
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
    return term_value(term)


def parameter_columns(question: SavedQuestion) -> set[str]:
    """The variables of a question that bind its parameters (never shown as columns)."""
    return {parameter.variable for parameter in question.parameters}


def make_answer(question: SavedQuestion, variables: list[str], rows: list[tuple[Term | None, ...]]) -> Answer:
    """An answer without the parameter variables."""
    hidden = parameter_columns(question)
    keep = [index for index, name in enumerate(variables) if name not in hidden]
    return Answer([variables[index] for index in keep], [tuple(row[index] for index in keep) for row in rows])


def run_answer(
    store: EmbeddedStore, question: SavedQuestion, params: Mapping[str, object] | None = None
) -> Answer:
    """Run a saved question on the embedded store, its parameters substituted as typed terms."""
    columns, rows = stream_answer(store, question, params)
    return Answer(columns, list(rows))


def stream_answer(
    store: EmbeddedStore, question: SavedQuestion, params: Mapping[str, object] | None = None
) -> tuple[list[str], Iterator[tuple[Term | None, ...]]]:
    """The columns of a saved question on the embedded store and its rows as the store gives them
    (without the parameter variables)."""
    bound = bind(question.name, question.parameters, params)
    if iris.SUMMARY_GRAPH in question.text and not store.has_summaries() and store.document_graphs():
        where = f"the store at {store.path}" if store.path else "the store"
        raise QueryError(
            f"{question.name}: {where} keeps no region summaries (it was built before they existed); "
            "run `budgetkg build` on it again"
        )
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): term for name, term in bound.items()
    }
    try:
        solutions = store.query(question.text, substitutions)
    except (SyntaxError, RuntimeError, OSError) as error:
        raise QueryError(f"{question.name}: {error}") from error
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{question.name}: a saved question must be a SELECT query")
    variables = [variable.value for variable in solutions.variables]
    hidden = parameter_columns(question)
    keep = [index for index, name in enumerate(variables) if name not in hidden]

    def rows() -> Iterator[tuple[Term | None, ...]]:
        try:
            for solution in solutions:
                # a solution iterates over its cells in the order of the variables
                cells = tuple(solution)
                if any(isinstance(cell, ox.Triple) for cell in cells):
                    raise QueryError(f"{question.name}: a saved question may not return quoted triples")
                yield tuple(cells[index] for index in keep)
        except (RuntimeError, OSError) as error:
            raise QueryError(f"{question.name}: {error}") from error

    return [variables[index] for index in keep], rows()


def run_rows(
    store: EmbeddedStore, question: SavedQuestion, params: Mapping[str, object] | None = None
) -> tuple[list[str], list[ResultRow]]:
    """Run a saved question on the embedded store; return the column names and the rows as text."""
    answer = run_answer(store, question, params)
    return answer.columns, answer.text_rows()
