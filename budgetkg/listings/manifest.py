"""The record of the tables kept beside a store: for each document graph, the content hash its
tables were computed from and, per question, the question's version, the number of rows and the
values the document has in the question's document columns.

It is a log of JSON lines, ``<store>/listings/documents.jsonl``, the last line of a graph winning: a
line with no hash says the graph is being replaced or is gone, so a build killed between writing a
graph and its tables leaves the graph without tables (answered by SPARQL), never with old ones.  The
log is written again without the lines that no longer count once they are most of it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.listings.cells import Cell

LISTINGS_FOLDER = "listings"
LOG_NAME = "documents.jsonl"
TABLE_SUFFIX = ".parquet"
QUESTION_RECORD = "documents.json"


@dataclass(frozen=True)
class QuestionTable:
    """A question's table of one document."""

    version: str
    rows: int
    document: dict[str, Cell]
    """the value of each document column (None where the document has no row)"""


@dataclass(frozen=True)
class DocumentEntry:
    """What the tables of one document graph were computed from."""

    graph: str
    hash: str | None
    tables: dict[str, QuestionTable] = field(default_factory=dict)

    def as_json(self) -> str:
        tables = {
            name: {"version": table.version, "rows": table.rows, "document": table.document}
            for name, table in self.tables.items()
        }
        return json.dumps({"graph": self.graph, "hash": self.hash, "tables": tables}, ensure_ascii=False)

    @classmethod
    def of_json(cls, line: str, question: str | None = None) -> DocumentEntry:
        """The entry of a line; with ``question``, holding only that question's table."""
        data = json.loads(line)
        found = data.get("tables", {})
        named = found.items()
        if question is not None:
            named = [(name, table) for name, table in named if name == question]
        tables = {
            name: QuestionTable(
                table["version"],
                table["rows"],
                document_cells(table["document"]),
            )
            for name, table in named
        }
        return cls(data["graph"], data["hash"], tables)


def document_cells(raw: Mapping[str, list[str] | None]) -> dict[str, Cell]:
    """The document columns' cells as JSON holds them (pairs as lists)."""
    return {key: None if cell is None else (cell[0], cell[1]) for key, cell in raw.items()}


_GRAPH_OPENING = '{"graph": "'
"""How :meth:`DocumentEntry.as_json` begins each line: the graph is read without parsing the rest."""


class ListingFolder:
    """The folder of materialised listings beside a store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder / LOG_NAME

    @classmethod
    def beside(cls, store_path: Path) -> ListingFolder:
        return cls(store_path / LISTINGS_FOLDER)

    def question_folder(self, question: str) -> Path:
        """The folder of a question's tables."""
        return self.folder / question

    def table_path(self, question: str, content_hash: str) -> Path:
        return self.question_folder(question) / f"{content_hash}{TABLE_SUFFIX}"

    def held_tables(self, question: str) -> set[str]:
        """The content hashes whose table of ``question`` is on disk (one listing of its folder)."""
        try:
            names = os.listdir(self.question_folder(question))
        except FileNotFoundError:
            return set()
        return {name.removesuffix(TABLE_SUFFIX) for name in names if name.endswith(TABLE_SUFFIX)}

    def entries(self, question: str | None = None) -> dict[str, DocumentEntry]:
        """The current entry of each graph (graphs last recorded as gone are left out); with
        ``question``, each holding only that question's table (from the question's record where it
        is of the log as it is).  Only a graph's last line is parsed."""
        if question is not None:
            recorded = self._question_entries(question)
            if recorded is not None:
                return recorded
        if not self.log.exists():
            return {}
        last: dict[str, str] = {}
        with self.log.open(encoding="utf-8") as log:
            for line in log:
                if not line.endswith("\n"):
                    continue  # a line cut by a kill is not an entry
                if line.startswith(_GRAPH_OPENING):
                    last[line[len(_GRAPH_OPENING) : line.index('"', len(_GRAPH_OPENING))]] = line
                else:
                    entry = DocumentEntry.of_json(line)  # written some other way: parsed whole
                    last[entry.graph] = line
        found = (DocumentEntry.of_json(line, question) for line in last.values())
        return {entry.graph: entry for entry in found if entry.hash is not None}

    def log_stamp(self) -> list[int] | None:
        """What identifies the log as it is: its inode, size and modification time."""
        try:
            status = self.log.stat()
        except FileNotFoundError:
            return None
        return [status.st_ino, status.st_size, status.st_mtime_ns]

    def question_record(self, question: str) -> Path:
        return self.question_folder(question) / QUESTION_RECORD

    def record_questions(self, questions: Iterable[str], entries: Mapping[str, DocumentEntry]) -> None:
        """Write each question's record of ``entries`` (the log's current entries, as just read)."""
        stamp = self.log_stamp()
        if stamp is None:
            return
        for question in questions:
            graphs: dict[str, list[object]] = {}
            for graph, entry in entries.items():
                table = entry.tables.get(question)
                graphs[graph] = (
                    [entry.hash] if table is None else [entry.hash, table.version, table.rows, table.document]
                )
            path = self.question_record(question)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            text = json.dumps({"log": stamp, "graphs": graphs}, ensure_ascii=False)
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)

    def _question_entries(self, question: str) -> dict[str, DocumentEntry] | None:
        """The entries of the question's record, when it was written from the log as it is now."""
        try:
            data = json.loads(self.question_record(question).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("log") != self.log_stamp():
            return None
        entries: dict[str, DocumentEntry] = {}
        for graph, value in data["graphs"].items():
            tables = {}
            if len(value) == 4:
                tables[question] = QuestionTable(value[1], value[2], document_cells(value[3]))
            entries[graph] = DocumentEntry(graph, value[0], tables)
        return entries

    def record(self, entries: Iterable[DocumentEntry]) -> None:
        """Append entries to the log, on disk before this returns."""
        lines = "".join(entry.as_json() + "\n" for entry in entries)
        if not lines:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("a", encoding="utf-8") as log:
            log.write(lines)
            log.flush()
            os.fsync(log.fileno())

    def compact(self) -> None:
        """Write the log again with one line per current graph, when most of its lines no longer count;
        and remove the tables no entry names."""
        if not self.log.exists():
            return
        current = self.entries()
        with self.log.open(encoding="utf-8") as log:
            lines = sum(1 for _ in log)
        if lines <= 2 * len(current) + 64:
            return
        partial = self.log.with_suffix(".partial")
        partial.write_text("".join(entry.as_json() + "\n" for entry in current.values()), encoding="utf-8")
        os.replace(partial, self.log)
        named = {
            self.table_path(name, entry.hash)
            for entry in current.values()
            if entry.hash is not None
            for name in entry.tables
        }
        for table in self.folder.glob(f"*/*{TABLE_SUFFIX}"):
            if table not in named and table.name != "bundle.parquet":
                table.unlink(missing_ok=True)
