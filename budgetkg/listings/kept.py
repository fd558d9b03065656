"""Whole answers kept beside the store: the answer over the whole store, with no parameter, of every
saved question that is not kept document by document, computed by its ``.rq`` and read instead of
asking SPARQL again while nothing was written since.

They live in ``<store>/listings/answers/``: ``record.json`` names a token, and each answer is one
JSON file named by its question and that token (the question version it was computed by, a digest
of its text, its columns, its distinct cells as value and kind of :mod:`budgetkg.listings.cells` and
its rows as indices into them: read without loading Arrow, so a command that answers from it starts
fast).  A process that writes removes the record before its first write
(:meth:`budgetkg.store.EmbeddedStore._will_write`) and, when it is done, puts a record of a new
token in place, last and whole; so files of an old token are never read again, and a kill at any
moment leaves the answers current or out of use.

When they are computed: at the end of a build that wrote a tenth of the store's documents or more
(a first build), and after a recorded validation, every answer at once; after a smaller build
(ten documents changed in ten thousand), each answer the first time it is asked, by whichever
process asks it, so that such a build costs the time of its documents and not of every question
over the whole store.  A process keeps an answer under the token it read before it opened the store
(:attr:`budgetkg.store.EmbeddedStore.kept_token`): an answer computed from a store written to since
carries a token no record names any more.

A question may declare that a parameter only keeps the rows whose column holds its value, with a
header line ``#narrow: year = fiscal_year``: asked with that parameter, it is answered from its kept
whole answer, keeping the rows whose cell, read as that parameter would read it (``2024`` as a year,
``420103`` as a region), is the value asked (the tests check each declaration against SPARQL for
every value the corpus holds).  An answer with another parameter comes from SPARQL.
"""

from __future__ import annotations

import contextlib
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
    """One kept answer, as its file says."""

    file: str
    version: str
    columns: list[str]
    rows: int


@dataclass
class KeptRows:
    """A page of a kept answer: its columns, its rows, the rows of the whole (narrowed) answer, and
    whether it was computed now rather than read."""

    columns: list[str]
    rows: Iterator[Row]
    total: int
    computed_now: bool


KEEP_EVERY_ANSWER_SHARE = 10
"""A build keeps every answer at its end when it wrote at least one document in this many of those
the store holds; after a smaller build each answer is kept when it is first asked."""


def _folder(store: EmbeddedStore) -> Path | None:
    return None if store.path is None else store.path / KEPT_ANSWERS_RECORD.parent


def _answer_file(question: SavedQuestion, token: str) -> str:
    return f"{question.name}-{token}.json"


def kept_questions() -> list[SavedQuestion]:
    """The saved questions whose whole answer is kept: those not kept document by document."""
    per_document = materialised_specs()
    return [question for name, question in sorted(catalogue().items()) if name not in per_document]


def _read_answer(folder: Path, question: SavedQuestion, token: str) -> dict[str, Any] | None:
    """The kept answer of ``question`` under ``token``, if it is there, readable and of the
    question's present version."""
    try:
        data = json.loads((folder / _answer_file(question, token)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != question_version(question):
        return None
    return data


def read_record(store: EmbeddedStore) -> dict[str, KeptAnswer] | None:
    """The answers kept so far under the store's token, by question; None when none are in use (a
    store in memory, or written to since)."""
    folder = _folder(store)
    if folder is None or store.kept_token is None:
        return None
    found = {}
    for question in kept_questions():
        data = _read_answer(folder, question, store.kept_token)
        if data is not None:
            found[question.name] = KeptAnswer(
                _answer_file(question, store.kept_token), data["version"], data["columns"], len(data["rows"])
            )
    return found


def keep_answers(store: EmbeddedStore, every: bool = True) -> int:
    """Put a record of a new token in place, with the whole answer of every kept question computed
    first when ``every`` (otherwise each is kept when first asked); return how many were computed.
    A question the store cannot answer (its error is the user's to see when asked) is left out.  The
    files of the answers kept before are removed once the new record is in place."""
    folder = _folder(store)
    if folder is None:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(6)
    computed = 0
    for question in kept_questions() if every else []:
        try:
            _compute(store, question, folder, token)
        except QueryError:
            continue
        computed += 1
    _write_whole(folder / KEPT_ANSWERS_RECORD.name, {"token": token})
    store.kept_token = token
    for old in folder.iterdir():
        if old.name != KEPT_ANSWERS_RECORD.name and not old.name.endswith(f"-{token}.json"):
            old.unlink(missing_ok=True)
    return computed


def keeps_every_answer(documents_written: int, documents_held: int) -> bool:
    """Whether a build that wrote (or removed) ``documents_written`` documents of a store holding
    ``documents_held`` keeps every answer at its end rather than each when first asked."""
    return documents_written * KEEP_EVERY_ANSWER_SHARE >= documents_held


def _compute(store: EmbeddedStore, question: SavedQuestion, folder: Path, token: str) -> dict[str, Any]:
    """Ask ``question`` whole and keep its answer under ``token``; the answer as kept.  An answer that
    cannot be written (a folder this process may not write) is still given, not kept."""
    columns, rows = stream_answer(store, question)
    data = {"version": question_version(question), "columns": columns, **_indexed(rows)}
    with contextlib.suppress(OSError):  # kept another time, by a process that can write there
        _write_whole(folder / _answer_file(question, token), data)
    return data


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
    """JSON put in place whole and on disk before this returns (two processes writing the same file
    each write their own partial file)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def kept_current(store: EmbeddedStore) -> bool:
    """Whether every kept question has a kept answer of its present version."""
    record = read_record(store)
    return record is not None and all(question.name in record for question in kept_questions())


def kept_rows(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: Mapping[str, object] | None,
    offset: int,
    limit: int | None,
) -> KeptRows | str:
    """The rows from ``offset`` (at most ``limit``) of the kept answer of ``question``, computed and
    kept now if it is not kept yet; or, where it cannot answer, why."""
    given = bind(question.name, question.parameters, params)
    default = bind(question.name, question.parameters, {})
    narrowed = {variable: term for variable, term in given.items() if default.get(variable) != term}
    columns_of = narrowing(question)
    parameters = {parameter.variable: parameter for parameter in question.parameters}
    if set(default) - set(given) or set(narrowed) - set(columns_of):
        return "whole answers are kept only without parameters, or with those the question narrows by"
    folder = _folder(store)
    token = store.kept_token
    if folder is None:
        return "the store is held in memory"
    if token is None:
        return "no whole answers are kept (the store was written to since)"
    data = _read_answer(folder, question, token)
    computed_now = data is None
    if data is None:
        data = _compute(store, question, folder, token)
    try:
        columns = list(data["columns"])
        terms = [decode(value, kind) for value, kind in data["cells"]]
        terms.append(None)  # index -1: unbound
        rows = data["rows"]
    except (ValueError, KeyError, TypeError) as error:
        return f"the kept answer of {question.name} cannot be read: {error}"
    for variable, term in narrowed.items():
        if columns_of[variable] not in columns:
            return f"{question.name} narrows ?{variable} by {columns_of[variable]}, a column it does not give"
        position = columns.index(columns_of[variable])
        read = converter(parameters[variable].type)
        matching = {index for index, (value, _) in enumerate(data["cells"]) if _reads_as(read, value, term)}
        rows = [row for row in rows if row[position] in matching]
    stop = None if limit is None else offset + limit
    chosen = rows[offset:stop]
    page = (tuple(terms[index] for index in row) for row in chosen)
    return KeptRows(columns, page, len(rows), computed_now)
