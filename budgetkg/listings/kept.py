"""Whole answers kept beside the store: the answer over the whole store, with no parameter, of every
saved question that is not kept document by document, computed by its ``.rq`` once a build (or a
recorded validation) has written to the store, and read instead of asking SPARQL again.

They live in ``<store>/listings/answers/``: one JSON file an answer (its distinct cells, as value and
kind of :mod:`budgetkg.listings.cells`, and its rows as indices into them: read without loading
Arrow, so a command that answers from it starts fast) and ``record.json``, which names each file
with the question version (a digest of its text) it was computed by.  The record is put in place
last, whole; the first write of any process that opens the store for writing removes it before writing
(:meth:`budgetkg.store.EmbeddedStore._will_write`), so an answer is served only while nothing was
written since it was computed, and a kill at any moment leaves it current or gone.

A question may declare that a parameter only keeps the rows whose column holds its value, with a
header line ``#narrow: year = fiscal_year``: asked with that parameter, it is answered from its kept
whole answer, keeping the rows whose cell, read as that parameter would read it (``2024`` as a year,
``420103`` as a region), is the value asked (the tests check each declaration against SPARQL for
every value the corpus holds).  An answer with another parameter, or of a question whose text
changed, comes from SPARQL.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.errors import QueryError
from budgetkg.listings.cells import Cell, decode, encode
from budgetkg.listings.spec import materialised_specs, question_version
from budgetkg.params import Term, bind, converter
from budgetkg.questions import SavedQuestion, catalogue, stream_answer
from budgetkg.store import KEPT_ANSWERS_RECORD, EmbeddedStore

Row = tuple[Term | None, ...]
NARROW = re.compile(r"^#\s*narrow\s*:\s*(\w+)\s*=\s*(\w+)\s*$", re.MULTILINE)


def narrowing(question: SavedQuestion) -> dict[str, str]:
    """The column each declared parameter variable narrows (``#narrow: PARAMETER = COLUMN``)."""
    variables = {parameter.name: parameter.variable for parameter in question.parameters}
    found: dict[str, str] = {}
    for parameter, column in NARROW.findall(question.text):
        if parameter not in variables:
            raise QueryError(f"{question.path.name}: '#narrow: {parameter}' names no parameter of it")
        found[variables[parameter]] = column
    return found


@dataclass(frozen=True)
class KeptAnswer:
    """What the record says of one kept answer."""

    file: str
    version: str
    columns: list[str]
    rows: int


def _record_path(store: EmbeddedStore) -> Path | None:
    return None if store.path is None else store.path / KEPT_ANSWERS_RECORD


def kept_questions() -> list[SavedQuestion]:
    """The saved questions whose whole answer is kept: those not kept document by document."""
    per_document = materialised_specs()
    return [question for name, question in sorted(catalogue().items()) if name not in per_document]


def read_record(store: EmbeddedStore) -> dict[str, KeptAnswer] | None:
    """The kept answers by question, or None when none are in use (a store in memory, or written to
    since they were computed)."""
    path = _record_path(store)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # an unreadable record serves nothing: the answers come from SPARQL
    return {
        name: KeptAnswer(entry["file"], entry["version"], list(entry["columns"]), int(entry["rows"]))
        for name, entry in data.get("answers", {}).items()
    }


def keep_answers(store: EmbeddedStore) -> int:
    """Compute and keep the whole answer of every kept question; return how many were kept.  A
    question the store cannot answer (its error is the user's to see when asked) is left out.  The
    files of the answers kept before are removed once the new record is in place."""
    path = _record_path(store)
    if path is None:
        return 0
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(6)
    record: dict[str, dict[str, Any]] = {}
    for question in kept_questions():
        try:
            columns, rows = stream_answer(store, question)
            indexed = _indexed(rows)
        except QueryError:
            continue
        name = f"{question.name}-{token}.json"
        _write_whole(folder / name, indexed)
        record[question.name] = {
            "file": name,
            "version": question_version(question),
            "columns": columns,
            "rows": len(indexed["rows"]),
        }
    _write_whole(path, {"answers": record})
    named = {entry["file"] for entry in record.values()}
    for old in folder.iterdir():
        if old.name not in named and old.name != path.name:
            old.unlink(missing_ok=True)
    return len(record)


def _reads_as(read: Callable[[str], Term], value: str, term: Term) -> bool:
    """Whether a cell's value, read as the parameter would read it, is the parameter's term."""
    try:
        return read(value) == term
    except ValueError:
        return False


def _indexed(rows: Iterable[Row]) -> dict[str, list[Any]]:
    """An answer as its distinct cells and its rows of indices into them (-1 where unbound)."""
    cells: dict[Cell, int] = {}
    indexed = []
    for row in rows:
        indexed.append([-1 if term is None else cells.setdefault(encode(term), len(cells)) for term in row])
    return {"cells": [list(cell) for cell in cells if cell is not None], "rows": indexed}


def _write_whole(path: Path, data: object) -> None:
    """JSON put in place whole and on disk before this returns."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def kept_current(store: EmbeddedStore) -> bool:
    """Whether every kept question has a kept answer of its present version."""
    record = read_record(store)
    if record is None:
        return False
    return all(
        (kept := record.get(question.name)) is not None and kept.version == question_version(question)
        for question in kept_questions()
    )


def kept_rows(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: Mapping[str, object] | None,
    offset: int,
    limit: int | None,
) -> tuple[list[str], Iterator[Row], int] | str:
    """The columns, the rows from ``offset`` (at most ``limit``) and the number of rows of the kept
    answer of ``question``; or, where it cannot answer, why."""
    given = bind(question.name, question.parameters, params)
    default = bind(question.name, question.parameters, {})
    narrowed = {variable: term for variable, term in given.items() if default.get(variable) != term}
    columns_of = narrowing(question)
    parameters = {parameter.variable: parameter for parameter in question.parameters}
    if set(default) - set(given) or set(narrowed) - set(columns_of):
        return "whole answers are kept only without parameters, or with those the question narrows by"
    record = read_record(store)
    if record is None:
        return "no whole answers are kept (the store was written to since, or is held in memory)"
    kept = record.get(question.name)
    if kept is None:
        return f"no whole answer of {question.name} is kept"
    if kept.version != question_version(question):
        return f"the kept answer of {question.name} was computed by another version of it"
    if store.path is None:
        return "the store is held in memory"
    try:
        data = json.loads((store.path / KEPT_ANSWERS_RECORD.parent / kept.file).read_text(encoding="utf-8"))
        terms = [decode(value, kind) for value, kind in data["cells"]]
        terms.append(None)  # index -1: unbound
        rows = data["rows"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"the kept answer of {question.name} cannot be read: {error}"
    for variable, term in narrowed.items():
        if columns_of[variable] not in kept.columns:
            return f"{question.name} narrows ?{variable} by {columns_of[variable]}, a column it does not give"
        position = kept.columns.index(columns_of[variable])
        read = converter(parameters[variable].type)
        matching = {index for index, (value, _) in enumerate(data["cells"]) if _reads_as(read, value, term)}
        rows = [row for row in rows if row[position] in matching]
    stop = None if limit is None else offset + limit
    chosen = rows[offset:stop]
    return kept.columns, (tuple(terms[index] for index in row) for row in chosen), len(rows)
