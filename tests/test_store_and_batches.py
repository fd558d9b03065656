"""The store on disk: rebuilding replaces a document's graph, bad documents never stop a batch."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build
from budgetkg.errors import DocumentError
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore


def _quads(store: EmbeddedStore) -> set[str]:
    return {str(quad) for quad in store.store.quads_for_pattern(None, None, None, None)}


def test_rebuilding_gives_the_same_graph(seeds_dir: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "kg")
    build([seeds_dir], store)
    first = _quads(store)
    build([seeds_dir], store)
    assert _quads(store) == first
    store.close()
    reopened = EmbeddedStore(tmp_path / "kg")
    assert _quads(reopened) == first
    assert len(reopened.document_graphs()) == 5


def test_rebuilding_one_document_replaces_only_its_graph(seeds_dir: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    build([seeds_dir], store)
    graph = iris.document_graph("000_3507bccae03dd461.txt")
    # the summary of the document's region and year (江汉区 2024) is the one other thing built again
    summary = iris.BASE + "summary/420103/2024"

    def untouched(quad: ox.Quad) -> bool:
        if quad.graph_name == ox.NamedNode(iris.SUMMARY_GRAPH):
            return not quad.subject.value.startswith(summary)
        return quad.graph_name != ox.NamedNode(graph)

    others = {str(quad) for quad in store.store.quads_for_pattern(None, None, None, None) if untouched(quad)}
    edited = tmp_path / "000_3507bccae03dd461.txt"
    edited.write_text(
        (seeds_dir / edited.name).read_text(encoding="utf-8").replace("4,696.54", "4,696.55", 1),
        encoding="utf-8",
    )
    build([edited], store)
    after = {str(quad) for quad in store.store.quads_for_pattern(None, None, None, None) if untouched(quad)}
    assert after == others
    printed = {
        quad.object.value
        for quad in store.graph_quads(graph)
        if quad.predicate.value.endswith("printedValue")
    }
    assert "4,696.55" in printed and "4,696.54" in printed


def _bad_documents(folder: Path) -> dict[str, str]:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "no-budget.txt").write_text("这是一段与预算无关的文字。\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "archive.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    (folder / "notes.odt").write_bytes(b"PK\x03\x04")
    return {
        "empty.txt": "empty",
        "binary.txt": "UTF-8",
        "no-budget.txt": "cannot tell",
        "archive.docx": "not a Word (.docx) file",
        "notes.odt": "unsupported format",
    }


def test_bad_documents_fail_alone_and_leave_the_store_unchanged(seeds_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    reasons = _bad_documents(batch)
    shutil.copy(seeds_dir / "001_e33aeb18e1a17c72.txt", batch)
    store = EmbeddedStore(tmp_path / "kg")
    build([seeds_dir / "000_3507bccae03dd461.txt"], store)
    before = _quads(store)
    report = build([batch, batch / "archive.docx", batch / "notes.odt"], store)
    assert [built.path.name for built in report.built] == ["001_e33aeb18e1a17c72.txt"]
    failed = {error.document: error.reason for error in report.failed}
    assert set(failed) == set(reasons)
    for name, words in reasons.items():
        assert words in failed[name], (name, failed[name])
    after = _quads(store)
    assert before <= after
    assert {graph.rsplit("/", 1)[-1] for graph in store.document_graphs()} == {
        "000_3507bccae03dd461.txt",
        "001_e33aeb18e1a17c72.txt",
    }


def test_missing_file_names_itself(tmp_path: Path) -> None:
    report = build([tmp_path / "nowhere.txt"], EmbeddedStore(None))
    assert len(report.failed) == 1
    error = report.failed[0]
    assert isinstance(error, DocumentError)
    assert str(error) == "nowhere.txt: no such file"


def test_store_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "kg"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(Exception, match="kg"):
        EmbeddedStore(blocker)
