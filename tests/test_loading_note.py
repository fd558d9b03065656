"""New documents are bulk loaded, which is not a transaction: the loading note makes a load killed
half way leave no part of its graphs to a reader or a writer, and a reader never opens the store
in the middle of a load."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import extract_document
from budgetkg.loading_note import NOTE_FILE, LoadingNote
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.store import EmbeddedStore


def _documents(seeds_dir: Path) -> list[tuple[str, EmittedDocument]]:
    outcomes = [extract_document(path) for path in sorted(seeds_dir.glob("*.txt"))[:3]]
    return [(iris.document_graph(extraction.document.name), emitted) for extraction, emitted in outcomes]


def test_a_batch_is_bulk_loaded_whole_and_the_note_says_done(seeds_dir: Path, tmp_path: Path) -> None:
    documents = _documents(seeds_dir)
    store_path = tmp_path / "kg"
    with EmbeddedStore(store_path) as store:
        document = b"".join(emitted.nquads()[0] for _, emitted in documents)
        shared = b"".join(emitted.nquads()[1] for _, emitted in documents)
        store.load_new_graphs(shared, document, [graph for graph, _ in documents])
        assert LoadingNote(store_path).read().done
    one_by_one = EmbeddedStore(None)
    with EmbeddedStore(store_path, read_only=True) as store:
        assert store.document_graphs() == sorted(graph for graph, _ in documents)
        for graph, emitted in documents:
            one_by_one.replace_graph(graph, emitted.document)
            assert set(store.graph_quads(graph)) == set(one_by_one.graph_quads(graph))
        shared_held = set(store.graph_quads(iris.SHARED_GRAPH))
        assert all(quad in shared_held for _, emitted in documents for quad in emitted.shared)


def _half_load(store_path: Path, documents: list[tuple[str, EmittedDocument]]) -> tuple[str, int]:
    """Two documents loaded whole, then a load of the third begun and left after half its
    statements, as a process killed in the middle of RocksDB's bulk loading leaves it."""
    (first, one), (second, two), (third, three) = documents
    with EmbeddedStore(store_path) as store:
        store.load_new_graphs(b"", one.nquads()[0] + two.nquads()[0], [first, second])
        LoadingNote(store_path).begin([third])
        half = sorted(three.document, key=str)[: len(three.document) // 2]
        store.store.bulk_load(ox.serialize(half, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        store.store.flush()
    return third, len(half)


def test_a_load_killed_half_way_is_dropped_before_a_reader_sees_it(seeds_dir: Path, tmp_path: Path) -> None:
    documents = _documents(seeds_dir)
    store_path = tmp_path / "kg"
    third, half = _half_load(store_path, documents)
    raw = ox.Store.read_only(str(store_path))
    assert sum(1 for _ in raw.quads_for_pattern(None, None, None, ox.NamedNode(third))) == half > 0
    del raw
    assert not LoadingNote(store_path).read().done
    with EmbeddedStore(store_path, read_only=True) as store:
        assert store.document_graphs() == sorted(graph for graph, _ in documents[:2])
        assert not list(store.graph_quads(third))
        for graph, emitted in documents[:2]:
            assert len(list(store.graph_quads(graph))) == len(emitted.document)
    assert LoadingNote(store_path).read().done


def test_a_load_killed_half_way_is_dropped_when_the_store_is_next_written(
    seeds_dir: Path, tmp_path: Path
) -> None:
    documents = _documents(seeds_dir)
    store_path = tmp_path / "kg"
    third, _ = _half_load(store_path, documents)
    with EmbeddedStore(store_path) as store:
        assert store.document_graphs() == sorted(graph for graph, _ in documents[:2])
        assert not store.has_graph(third)
    assert LoadingNote(store_path).read().done


def test_a_reader_waits_for_a_load_under_way(seeds_dir: Path, tmp_path: Path) -> None:
    documents = _documents(seeds_dir)
    store_path = tmp_path / "kg"
    with EmbeddedStore(store_path) as writer:
        writer.load_new_graphs(b"", documents[0][1].nquads()[0], [documents[0][0]])
        note = LoadingNote(store_path)
        note.begin([documents[1][0]])
        finished_at: list[float] = []

        def finish_later() -> None:
            time.sleep(0.6)
            writer.store.load(documents[1][1].nquads()[0], format=ox.RdfFormat.N_QUADS)
            writer.store.flush()
            finished_at.append(time.monotonic())
            note.finish()

        loader = threading.Thread(target=finish_later)
        loader.start()
        try:
            with EmbeddedStore(store_path, read_only=True) as reader:
                opened_at = time.monotonic()
                held = reader.document_graphs()
        finally:
            loader.join()
    assert finished_at and opened_at >= finished_at[0], "the reader opened the store during the load"
    assert held == sorted(graph for graph, _ in documents[:2])


def test_an_unreadable_note_is_never_taken_for_a_finished_load(tmp_path: Path) -> None:
    tmp_path.joinpath(NOTE_FILE).write_text("half a line", encoding="utf-8")
    state = LoadingNote(tmp_path).read()
    assert not state.done and state.graphs == ()
    with EmbeddedStore(tmp_path) as store:
        assert store.document_graphs() == []
    assert LoadingNote(tmp_path).read().done


@pytest.mark.parametrize("loads", [1, 3])
def test_each_load_has_a_number_of_its_own(tmp_path: Path, loads: int) -> None:
    note = LoadingNote(tmp_path)
    seen = set()
    for _ in range(loads):
        note.begin(["https://example.org/g"])
        begun = note.read()
        note.finish()
        seen.add((begun, note.read()))
    assert len({after.number for _, after in seen}) == loads
    assert all(not begun.done and after.done and begun.number == after.number for begun, after in seen)


GRAPHS = 40
STATEMENTS = 5_000
LOADER = """
import sys
from pathlib import Path
from budgetkg.store import EmbeddedStore
graphs, statements = int(sys.argv[2]), int(sys.argv[3])
names = [f"https://w3id.org/budgetkg/id/graph/doc/killed-{number}.txt" for number in range(graphs)]
lines = [
    f'<https://example.org/s{number}/{index // 7}> <https://example.org/p{index % 7}> "{index}" <{name}> .\\n'
    for number, name in enumerate(names)
    for index in range(statements)
]
with EmbeddedStore(Path(sys.argv[1])) as store:
    print("loading", flush=True)
    store.load_new_graphs(b"", "".join(lines).encode(), names)
    print("loaded", flush=True)
"""


def _start_loader(store_path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(store_path), str(GRAPHS), str(STATEMENTS)],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "loading"
    return process


def test_a_bulk_load_killed_at_random_leaves_each_graph_whole_or_absent(tmp_path: Path) -> None:
    """A process bulk loading forty graphs is killed (SIGKILL) at random moments of its load; the
    store then opens, and every graph holds all of its statements or none."""
    started = time.monotonic()
    whole = _start_loader(tmp_path / "whole")
    assert whole.stdout is not None and whole.stdout.readline().strip() == "loaded"
    seconds = time.monotonic() - started
    assert whole.wait() == 0
    rng = random.Random(17)
    interrupted = 0
    for trial in range(3):
        store_path = tmp_path / f"killed-{trial}"
        process = _start_loader(store_path)
        time.sleep(rng.uniform(0, seconds))
        process.kill()
        process.wait()
        interrupted += not LoadingNote(store_path).read().done
        with EmbeddedStore(store_path, read_only=True) as store:
            sizes = [len(list(store.graph_quads(graph))) for graph in store.document_graphs()]
        assert set(sizes) <= {STATEMENTS}, f"trial {trial}: graphs of {sorted(set(sizes))} statements"
        assert LoadingNote(store_path).read().done
    assert interrupted, "no kill fell within a load"
