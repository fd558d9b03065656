"""The note that says which document graphs a bulk load is writing into a store.

RocksDB's bulk loading (Oxigraph's ``bulk_load``) writes sorted table files and adds them to the
database without a transaction: a process killed in the middle of it leaves part of the graphs it
was loading.  So the graphs a bulk load writes are named in a note in the store folder before it
starts, and the note is marked done once they are all on disk.  A store whose note still says
"loading" when no process writes it was left by a killed load: the next process that opens it for
writing drops the graphs named, which the store then does not hold at all, and a later build reads
their documents again.

Every change of the note replaces the whole file (written beside it, synced, renamed), and each
load has a number of its own, so a reader that sees the same note before and after it opens the
store knows no load began or ended in between (:func:`budgetkg.store._open_read_only`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

NOTE_FILE = "budgetkg-loading.txt"
"""The file in the store folder that names the graphs of a bulk load under way."""
LOADING = "loading"
DONE = "done"


@dataclass(frozen=True)
class LoadState:
    """What the note says: the number of the last load begun, whether it is done, and its graphs."""

    number: int
    done: bool
    graphs: tuple[str, ...]


NO_LOAD = LoadState(0, True, ())
"""A store bulk loading never wrote to (or whose note is gone)."""


class LoadingNote:
    """The note of one store folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / NOTE_FILE

    def read(self) -> LoadState:
        """What the note says now (:data:`NO_LOAD` when there is none).  A note that cannot be
        understood is read as a load under way that names no graph, so that it is never taken for
        a finished one."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return NO_LOAD
        head = lines[0].split() if lines else []
        if len(head) != 2 or head[0] not in (LOADING, DONE) or not head[1].isdigit():
            return LoadState(-1, False, ())
        return LoadState(int(head[1]), head[0] == DONE, tuple(line for line in lines[1:] if line))

    def begin(self, graphs: list[str]) -> None:
        """Name the graphs a load is about to write, durably, before it writes any."""
        number = max(self.read().number, 0) + 1
        self._replace("".join(f"{line}\n" for line in [f"{LOADING} {number}", *graphs]))

    def finish(self) -> None:
        """Say that the load under way is on disk whole (its graphs are written, or dropped)."""
        state = self.read()
        self._replace(f"{DONE} {max(state.number, 0)}\n")

    def _replace(self, text: str) -> None:
        staging = self.path.with_name(self.path.name + ".new")
        with staging.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staging, self.path)
        descriptor = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
