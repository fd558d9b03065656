"""Incremental builds: a document whose files and reading code are unchanged is not read again;
documents whose files are gone are reported, and removed with ``prune``; a build leaves no log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg.build
import budgetkg.build.version as version_module
from budgetkg.build import build
from budgetkg.build.plan import plan_incremental
from budgetkg.build.record import GraphRecord, read_records
from budgetkg.build.version import extraction_version, reading_modules
from budgetkg.given import GivenIdentity
from budgetkg.rdf import iris
from budgetkg.rdf.vocab import BKG
from budgetkg.readers.identity import file_sha256
from budgetkg.store import EmbeddedStore
from tests.test_build_faults import NARRATIVE_ONLY, TABLES_ONLY

EDITED = "000_3507bccae03dd461.txt"
"""A seed of 江汉区 2024 (two other seeds are of that region and year too)."""


@pytest.fixture
def folder(seeds_dir: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "documents"
    shutil.copytree(seeds_dir, copied)
    return copied


def _summarised(store: EmbeddedStore) -> set[str]:
    """The documents the region summaries are derived from."""
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    return {quad.object.value for quad in store.graph_quads(iris.SUMMARY_GRAPH) if quad.predicate == derived}


def test_a_second_build_reads_nothing_and_one_changed_file_is_read_again(folder: Path) -> None:
    store = EmbeddedStore(None)
    first = build([folder], store, 0)
    assert first.built_count == 5 and first.unchanged == []
    records = read_records(store)
    assert sorted(records) == store.document_graphs()
    record = records[iris.document_graph(EDITED)]
    assert record.version == extraction_version()
    assert record.digests == {file_sha256(folder / EDITED)}
    again = build([folder], store, 0)
    assert again.built_count == 0
    assert len(again.unchanged) == 5
    edited = folder / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace("4,696.54", "4,696.55", 1), encoding="utf-8")
    third = build([folder], store, 0)
    assert [built.path.name for built in third.built] == [EDITED]
    assert len(third.unchanged) == 4
    assert read_records(store)[iris.document_graph(EDITED)].digests == {file_sha256(edited)}


def test_a_changed_extraction_version_or_force_reads_every_document(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(None)
    build([folder], store, 0)
    assert build([folder], store, 0, force=True).built_count == 5
    monkeypatch.setattr(budgetkg.build, "extraction_version", lambda: "0123456789abcdef")
    changed = build([folder], store, 0)
    assert changed.built_count == 5 and changed.unchanged == []
    assert {record.version for record in read_records(store).values()} == {"0123456789abcdef"}


def test_stated_values_are_part_of_what_is_unchanged(folder: Path) -> None:
    store = EmbeddedStore(None)
    build([folder], store, 0)
    given = GivenIdentity(phase="approved")
    report = build([folder], store, 0, given)
    assert report.built_count == 5
    graph = ox.NamedNode(iris.document_graph(EDITED))
    stated = {
        quad.object.value
        for quad in store.store.quads_for_pattern(graph, ox.NamedNode(BKG.statedValues), None, graph)
    }
    assert stated == {"phase=approved"}
    assert build([folder], store, 0, given).built_count == 0


def test_removed_files_are_reported_and_pruned_with_their_summaries(folder: Path) -> None:
    store = EmbeddedStore(None)
    build([folder], store, 0)
    removed_document = iris.document(file_sha256(folder / EDITED))
    assert removed_document in _summarised(store)
    (folder / EDITED).unlink()
    graph = iris.document_graph(EDITED)
    reported = build([folder], store, 0)
    assert reported.removed == [graph] and not reported.pruned
    assert graph in store.document_graphs()
    pruned = build([folder], store, 0, prune=True)
    assert pruned.removed == [graph] and pruned.pruned and pruned.built_count == 0
    assert graph not in store.document_graphs()
    assert len(store.document_graphs()) == 4
    assert removed_document not in _summarised(store)
    assert len(_summarised(store)) == 4
    assert build([folder], store, 0).removed == []


def test_reading_code_is_what_the_reader_imports() -> None:
    modules, libraries = reading_modules()
    assert {"budgetkg.readers.pdf", "budgetkg.recognise", "budgetkg.interpret", "budgetkg.rdf.emit"} <= set(
        modules
    )
    assert not {"budgetkg.store", "budgetkg.serve", "budgetkg.build", "budgetkg.cli"} & set(modules)
    assert "pdfplumber" in libraries or "pypdfium2" in libraries
    assert len(extraction_version()) == 16


def test_a_build_leaves_the_store_closed_without_a_log(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with EmbeddedStore(path) as store:
        build([folder], store, 0)
    logs = [item for item in path.glob("*.log") if item.stat().st_size > 0]
    assert logs == []
    assert not list(path.glob("LOG.old.*"))
    reopened = EmbeddedStore(path, read_only=True)
    assert len(reopened.document_graphs()) == 5
    reopened.close()


def test_a_file_added_beside_its_unchanged_other_half_is_joined_with_it(tmp_path: Path) -> None:
    (tmp_path / "说明.txt").write_text(NARRATIVE_ONLY, encoding="utf-8")
    store = EmbeddedStore(None)
    assert build([tmp_path], store, 0).built_count == 1
    (tmp_path / "附表.txt").write_text(TABLES_ONLY, encoding="utf-8")
    report = build([tmp_path], store, 0)
    assert [built.extraction.document.name for built in report.built] == ["说明.txt + 附表.txt"]
    assert report.unchanged == [] and not report.failed
    assert [iris.document_file_name(graph) for graph in store.document_graphs()] == ["说明.txt + 附表.txt"]
    assert build([tmp_path], store, 0).built_count == 0


def test_the_extraction_version_follows_the_reading_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = tmp_path / "extract"
    shutil.copytree(version_module.EXTRACT_DIR, copied)
    monkeypatch.setattr(version_module, "EXTRACT_DIR", copied)
    version_module.extraction_version.cache_clear()
    before = version_module.extraction_version()
    signatures = sorted(copied.rglob("*.toml"))[0]
    signatures.write_text(signatures.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    version_module.extraction_version.cache_clear()
    assert version_module.extraction_version() != before
    version_module.extraction_version.cache_clear()


def test_files_now_read_as_one_document_are_read_again(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("一", encoding="utf-8")
    second.write_text("二", encoding="utf-8")
    held = {
        iris.document_graph(path.name): GraphRecord(frozenset({file_sha256(path)}), "v1", "")
        for path in (first, second)
    }
    separate = plan_incremental(
        [([first], GivenIdentity()), ([second], GivenIdentity())], held, list(held), "v1"
    )
    assert separate.read == [] and sorted(separate.unchanged) == sorted(held)
    grouped = plan_incremental([([first, second], GivenIdentity())], held, list(held), "v1")
    assert grouped.read == [([first, second], GivenIdentity())] and grouped.removed == []
