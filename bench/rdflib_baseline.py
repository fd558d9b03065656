"""The rdflib baseline of the benchmarks: the same quads in rdflib's in-memory dataset, and a
question timed on it in a forked process that is stopped at a time budget.

Some saved questions never finish on rdflib (its joins of sub-selects over named graphs grow
without bound, in time and in memory), so each one gets a budget and is reported as over it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import statistics
import time

import pyoxigraph as ox
import rdflib

from budgetkg.questions import SavedQuestion
from budgetkg.store import EmbeddedStore


def rdflib_dataset(store: EmbeddedStore) -> rdflib.Dataset:
    """The same quads in rdflib's memory store, its default graph the union of the named graphs."""
    data = ox.serialize(store.store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=data if isinstance(data, bytes) else b"", format="nquads")
    return dataset


class RdflibBaseline:
    """Questions timed on an rdflib dataset, each in a forked child that shares the loaded dataset."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        self.dataset = dataset

    def _child(self, text: str, repeats: int, pipe: multiprocessing.connection.Connection) -> None:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            list(self.dataset.query(text))
            times.append((time.perf_counter() - start) * 1000)
        pipe.send(statistics.median(times))

    def median_ms(self, question: SavedQuestion, repeats: int, budget: float) -> float | None:
        """Median time in milliseconds of ``repeats`` runs, or None when they take over ``budget`` seconds."""
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=self._child, args=(question.text, repeats, sender))
        child.start()
        result = receiver.recv() if receiver.poll(budget) else None
        if child.is_alive():
            child.terminate()
        child.join()
        return float(result) if result is not None else None
