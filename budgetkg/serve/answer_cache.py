"""Answers kept for a store that does not change while it is served, up to a number of cells.

The saved questions are asked again and again with the same parameters; a store opened read-only
gives them the same answer each time, so the answer is kept (the least recently used ones go first
once the cells of all kept answers would pass the limit).  Only answers are kept, never errors.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetkg.serve.evaluation import Outcome, Substitutions

Key = tuple[str, tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]


class AnswerCache:
    """At most ``max_cells`` cells (rows × columns, or triples) of answers; 0 keeps none."""

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self._answers: OrderedDict[Key, Outcome] = OrderedDict()
        self._cells = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(
        text: str,
        substitutions: Substitutions | None,
        default_graphs: Collection[str],
        named_graphs: Collection[str],
    ) -> Key:
        """What identifies a query's answer: its text, its substitutions (as N-Triples terms), its dataset."""
        bound = tuple(sorted((variable.value, str(term)) for variable, term in (substitutions or {}).items()))
        return (text, bound, tuple(default_graphs), tuple(named_graphs))

    def get(self, key: Key) -> Outcome | None:
        """The kept answer, or None."""
        with self._lock:
            outcome = self._answers.get(key)
            if outcome is not None:
                self._answers.move_to_end(key)
            return outcome

    def put(self, key: Key, outcome: Outcome) -> None:
        """Keep an answer, if it fits."""
        cells = _cells(outcome)
        if cells > self.max_cells // 4:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = outcome
            self._cells += cells
            while self._cells > self.max_cells and self._answers:
                _, dropped = self._answers.popitem(last=False)
                self._cells -= _cells(dropped)

    def clear(self) -> None:
        """Forget every answer (the store changed)."""
        with self._lock:
            self._answers.clear()
            self._cells = 0


def _cells(outcome: Outcome) -> int:
    return 1 + len(outcome.rows) * max(1, len(outcome.variables)) + len(outcome.triples)
