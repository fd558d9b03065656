"""A build on a Dask cluster gives the store a local build gives, and a document that fails in a
cluster task comes back as that document's failure, with the local build's reason."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import pyoxigraph as ox
import pytest
from distributed import LocalCluster

from budgetkg.build import Limits, build
from budgetkg.build.distributed import NQUADS_SUFFIX, REPORT_SUFFIX
from budgetkg.build.workers import SETUP_VARIABLE
from budgetkg.cli import main
from budgetkg.rdf import iris
from budgetkg.readers import READERS
from budgetkg.store import EmbeddedStore
from tests import fault_readers
from tests.test_identity import NARRATIVE_ONLY, TABLES_ONLY

SEEDS = [
    "000_3507bccae03dd461.txt",
    "001_e33aeb18e1a17c72.txt",
    "002_51f6a00e079128a9.txt",
    "003_43945480f961a537.txt",
    "004_b2c706af3b854347.txt",
]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a cluster of two worker processes on this machine, whose workers may start
    the reading processes that keep the limits, and register the failing test readers there."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SETUP_VARIABLE, fault_readers.SETUP)
        with (
            dask.config.set({"distributed.worker.daemon": False}),
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
        ):
            yield str(cluster.scheduler_address)


@pytest.fixture(scope="module")
def cluster_build(scheduler: str, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built through ``budgetkg build --scheduler``; the folder holding store and shared folder."""
    folder = tmp_path_factory.mktemp("cluster")
    store, shared = str(folder / "kg"), str(folder / "shared")
    code = main(
        ["-q", "build", str(seeds_dir), "--store", store, "--scheduler", scheduler, "--shared-folder", shared]
    )
    assert code == 0
    return folder


def graph_contents(store: EmbeddedStore, graph: str) -> set[ox.Quad]:
    return set(store.graph_quads(graph))


def test_the_cluster_build_holds_the_quads_of_the_local_build(
    cluster_build: Path, seed_store: EmbeddedStore
) -> None:
    with EmbeddedStore(cluster_build / "kg", read_only=True) as store:
        graphs = store.document_graphs()
        assert [iris.document_file_name(graph) for graph in graphs] == SEEDS
        assert graphs == seed_store.document_graphs()
        for graph in [*graphs, iris.SUMMARY_GRAPH, iris.SHARED_GRAPH]:
            assert graph_contents(store, graph) == graph_contents(seed_store, graph), graph
        assert len(graph_contents(store, iris.SUMMARY_GRAPH)) > 0
        assert len(store) == len(seed_store)


def test_each_document_leaves_its_quads_and_report_in_the_shared_folder(
    cluster_build: Path, seed_store: EmbeddedStore
) -> None:
    shared = cluster_build / "shared"
    nquads = sorted(shared.glob(f"*{NQUADS_SUFFIX}"))
    reports = sorted(shared.glob(f"*{REPORT_SUFFIX}"))
    assert [path.name.split(".txt.")[0] + ".txt" for path in nquads] == SEEDS
    assert [path.name.removesuffix(REPORT_SUFFIX) for path in reports] == [
        path.name.removesuffix(NQUADS_SUFFIX) for path in nquads
    ]
    graph = iris.document_graph(SEEDS[1])
    written = set(ox.parse(path=nquads[1], format=ox.RdfFormat.N_QUADS))
    own = {quad for quad in written if quad.graph_name == ox.NamedNode(graph)}
    # The store's graph also records how it was read (files' digests, extraction version): statements
    # about the graph itself that the writer adds, not the reader.
    stored = graph_contents(seed_store, graph)
    record = {quad for quad in stored if quad.subject == ox.NamedNode(graph)}
    assert len(record) >= 2 and own == stored - record
    assert {quad.graph_name.value for quad in written - own} == {iris.SHARED_GRAPH}
    lines = reports[1].read_text(encoding="utf-8").splitlines()
    assert lines[0] == SEEDS[1]
    assert lines[1].startswith("  tables recognised ")


@pytest.fixture
def faulty_batch(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good seed beside a raising, a slow and a memory-hungry document, and a folder holding a
    document published as a narrative and a tables file that names no publisher."""
    monkeypatch.setitem(READERS, ".raises", fault_readers.read_raising)
    monkeypatch.setitem(READERS, ".slow", fault_readers.read_slowly)
    monkeypatch.setitem(READERS, ".hog", fault_readers.read_greedily)
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(seeds_dir / SEEDS[1], folder / SEEDS[1])
    for name in ("damaged.raises", "endless.slow", "greedy.hog"):
        (folder / name).write_bytes(b"\x00\x01")
    (folder / "pair").mkdir()
    (folder / "pair" / "说明.txt").write_text(NARRATIVE_ONLY, encoding="utf-8")
    (folder / "pair" / "附表.txt").write_text(TABLES_ONLY, encoding="utf-8")
    return folder


def test_failures_in_tasks_are_the_documents_and_two_files_join_as_one(
    scheduler: str, faulty_batch: Path, tmp_path: Path
) -> None:
    limits = Limits(seconds=6.0, memory=1024**3)
    with EmbeddedStore(tmp_path / "kg") as store:
        report = build([faulty_batch], store, limits=limits, scheduler=scheduler)
        graphs = [iris.document_file_name(graph) for graph in store.document_graphs()]
    assert sorted(graphs) == [SEEDS[1], "说明.txt + 附表.txt"]
    assert sorted(built.extraction.document.name for built in report.built) == sorted(graphs)
    reasons = {error.document: error.reason for error in report.failed}
    assert reasons.pop("endless.slow") in {
        "used more than the time limit of 6 s of processor time and was stopped",
        "was not read after 18 s (3 × the time limit) and was stopped",  # on a machine busy elsewhere
    }
    assert reasons == {
        "damaged.raises": "could not be read: struct.error: unpack requires a buffer of 4 bytes",
        "greedy.hog": "over the memory limit of 1 GB (--memory-limit) while being read",
    }
    assert not list((tmp_path / "kg.nquads").glob("damaged*"))
    written = sorted(
        path.name.split(".txt")[0] for path in (tmp_path / "kg.nquads").glob(f"*{NQUADS_SUFFIX}")
    )
    assert written == [SEEDS[1].removesuffix(".txt"), "说明", "说明"]  # the narrative read alone, then joined


def test_without_dask_the_command_says_what_to_install(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    store = str(tmp_path / "kg")
    code = main(["build", str(seeds_dir / SEEDS[1]), "--store", store, "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "budgetkg: --scheduler needs Dask distributed: pip install 'budgetkg[cluster]'"
    )
    assert main(["build", str(seeds_dir), "--store", store, "--shared-folder", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "budgetkg: --shared-folder is where a build on a cluster writes: name the --scheduler"
    )
