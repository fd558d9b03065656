"""Saved questions: SPARQL files in queries/ with ``#title``, ``#description`` and ``#param`` headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.paths import QUERIES_DIR
from budgetkg.store import EmbeddedStore

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + "decimal", _XSD + "integer", _XSD + "double", _XSD + "float"}

Value = str | None
ResultRow = dict[str, Value]


@dataclass(frozen=True)
class Parameter:
    """A parameter a saved question accepts (bound as a typed RDF term)."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class SavedQuestion:
    """A saved SPARQL question."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path


def _parse_parameter(spec: str) -> Parameter:
    parts = [part.strip() for part in spec.split("|")]
    while len(parts) < 4:
        parts.append("")
    name, kind, default, description = parts[:4]
    return Parameter(name=name, type=kind or "string", default=default or None, description=description)


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
            parameters.append(_parse_parameter(value))
    if not title:
        raise QueryError(f"{path.name}: a saved question needs a '#title:' header")
    return SavedQuestion(path.stem, title, description, tuple(parameters), text, path)


@cache
def catalogue(directory: Path = QUERIES_DIR) -> dict[str, SavedQuestion]:
    """All saved questions by name."""
    return {path.stem: load_question(path) for path in sorted(directory.glob("*.rq"))}


def get_question(name: str) -> SavedQuestion:
    """The saved question called ``name``; a clear error lists the known ones."""
    questions = catalogue()
    if name not in questions:
        raise QueryError(f"no saved question named {name!r}; known: {', '.join(sorted(questions))}")
    return questions[name]


def term_value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Value:
    """A result cell as text: numbers in plain decimal notation, IRIs and strings as they are."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        return format(Decimal(term.value), "f")
    return str(term.value)


def run_rows(store: EmbeddedStore, question: SavedQuestion) -> tuple[list[str], list[ResultRow]]:
    """Run a saved question on the embedded store; return the column names and the rows."""
    solutions = store.query(question.text)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{question.name}: a saved question must be a SELECT query")
    columns = [variable.value for variable in solutions.variables]
    rows = [{column: term_value(solution[column]) for column in columns} for solution in solutions]
    return columns, rows
