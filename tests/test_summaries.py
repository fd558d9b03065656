"""Region summaries: the figures kept per region and budget year add up the documents exactly, and
every build keeps them in step with the documents it changes."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build
from budgetkg.errors import QueryError
from budgetkg.paths import SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.rdf.builder import RDF_TYPE
from budgetkg.rdf.namespaces import OBEU_MEASURE_AMOUNT, PROV, QB
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import document_region_years, refresh_summaries, stored_region_years

SUMMARIES = ox.NamedNode(iris.SUMMARY_GRAPH)
Key = tuple[str, str]
"""A region code and a budget year."""


def _objects(
    store: EmbeddedStore, subject: ox.NamedNode | ox.BlankNode, predicate: str, graph: ox.NamedNode
) -> list[str]:
    return [
        quad.object.value
        for quad in store.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, graph)
        if isinstance(quad.object, ox.NamedNode | ox.Literal)
    ]


def _subjects(store: EmbeddedStore, predicate: str, value: str, graph: ox.NamedNode) -> list[ox.NamedNode]:
    return [
        quad.subject
        for quad in store.store.quads_for_pattern(None, ox.NamedNode(predicate), ox.NamedNode(value), graph)
        if isinstance(quad.subject, ox.NamedNode)
    ]


def _one(values: list[str]) -> str:
    assert len(values) == 1, values
    return values[0]


def _summaries(store: EmbeddedStore) -> dict[Key, ox.NamedNode]:
    """Every summary of the store by region code and year."""
    found: dict[Key, ox.NamedNode] = {}
    for summary in _subjects(store, str(RDF_TYPE.value), BKG.RegionSummary, SUMMARIES):
        region = _one(_objects(store, summary, BKG.summaryRegion, SUMMARIES)).rsplit("/", 1)[-1]
        found[(region, _one(_objects(store, summary, BKG.summaryYear, SUMMARIES)))] = summary
    return found


def _members(store: EmbeddedStore, summary: ox.NamedNode, cls: str) -> list[ox.NamedNode]:
    typed = set(_subjects(store, str(RDF_TYPE.value), cls, SUMMARIES))
    return [
        member for member in _subjects(store, QB + "dataSet", summary.value, SUMMARIES) if member in typed
    ]


def _function_totals(store: EmbeddedStore) -> dict[tuple[str, str, str], tuple[Decimal, int]]:
    """(region, year, code) → (amount, documents), as the summaries hold them."""
    totals: dict[tuple[str, str, str], tuple[Decimal, int]] = {}
    for (region, year), summary in _summaries(store).items():
        for total in _members(store, summary, BKG.FunctionTotal):
            code = _one(_objects(store, total, BKG.functionCode, SUMMARIES))
            amount = Decimal(_one(_objects(store, total, OBEU_MEASURE_AMOUNT, SUMMARIES)))
            documents = int(_one(_objects(store, total, BKG.documentCount, SUMMARIES)))
            totals[(region, year, code)] = (amount, documents)
    return totals


def _documents(store: EmbeddedStore) -> list[tuple[ox.NamedNode, ox.NamedNode, Key]]:
    """Every document of the store: its graph, its node, and its region and year."""
    found = []
    for graph_iri in store.document_graphs():
        graph = ox.NamedNode(graph_iri)
        for document in _subjects(store, str(RDF_TYPE.value), BKG.BudgetDocument, graph):
            region = _one(_objects(store, document, BKG.region, graph)).rsplit("/", 1)[-1]
            found.append((graph, document, (region, _one(_objects(store, document, BKG.budgetYear, graph)))))
    return found


def _printed_function_totals(store: EmbeddedStore) -> dict[tuple[str, str, str], tuple[Decimal, int]]:
    """The same figures added up here, line by line, from the expenditure summaries of the documents."""
    amounts: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    summary_kind = iris.concept("table-kind", "expenditure-summary")
    total_type = iris.concept("expenditure-type", "total")
    for graph, document, (region, year) in _documents(store):
        for table in _subjects(store, BKG.inDocument, document.value, graph):
            if summary_kind not in _objects(store, table, BKG.tableKind, graph):
                continue
            for line in _subjects(store, QB + "dataSet", table.value, graph):
                if total_type not in _objects(store, line, BKG.expenditureType, graph):
                    continue
                if not _objects(store, line, BKG.functionalClassification, graph):
                    continue
                key = (region, year, _one(_objects(store, line, BKG.code, graph)))
                amounts[key] += Decimal(_one(_objects(store, line, OBEU_MEASURE_AMOUNT, graph)))
                documents[key].add(document.value)
    return {key: (amount, len(documents[key])) for key, amount in amounts.items()}


def test_each_region_and_year_of_the_seeds_has_one_summary_of_its_documents(
    seed_store: EmbeddedStore,
) -> None:
    summaries = _summaries(seed_store)
    assert sorted(summaries) == [
        ("130302", "2023"),
        ("420103", "2023"),
        ("420103", "2024"),
        ("430981", "2024"),
    ]
    by_key = Counter(key for _, _, key in _documents(seed_store))
    for key, summary in summaries.items():
        derived = _objects(seed_store, summary, PROV + "wasDerivedFrom", SUMMARIES)
        assert len(derived) == by_key[key] and len(set(derived)) == len(derived), key
    assert by_key[("420103", "2024")] == 2


def test_a_function_total_adds_up_the_departments_of_a_region(seed_store: EmbeddedStore) -> None:
    totals = _function_totals(seed_store)
    # 江汉区 2024, 201 一般公共服务支出: 1,607.65 (政法委) + 620.85 (区委办公室), as printed
    assert totals[("420103", "2024", "201")] == (Decimal("2228.50"), 2)
    assert totals[("420103", "2023", "204")] == (Decimal("72643"), 1)
    assert totals[("130302", "2023", "201")] == (Decimal("1065.08"), 1)


def test_every_function_total_is_the_sum_of_the_printed_lines(seed_store: EmbeddedStore) -> None:
    kept = _function_totals(seed_store)
    assert len(kept) > 50
    assert kept == _printed_function_totals(seed_store)


def test_indicator_counts_add_up_to_the_indicators_of_the_forms(seed_store: EmbeddedStore) -> None:
    indicators: Counter[Key] = Counter()
    for graph, _, key in _documents(seed_store):
        indicators[key] += len(_subjects(seed_store, str(RDF_TYPE.value), BKG.PerformanceIndicator, graph))
    counted: Counter[Key] = Counter()
    for key, summary in _summaries(seed_store).items():
        for count in _members(seed_store, summary, BKG.IndicatorCount):
            number = int(_one(_objects(seed_store, count, BKG.indicatorCount, SUMMARIES)))
            numeric = int(_one(_objects(seed_store, count, BKG.numericTargetCount, SUMMARIES)))
            assert 0 <= numeric <= number
            counted[key] += number
    assert counted == +indicators
    assert sum(counted.values()) > 100


def _summary_statements(store: EmbeddedStore) -> set[str]:
    return {str(quad) for quad in store.store.quads_for_pattern(None, None, None, SUMMARIES)}


def test_building_again_keeps_one_summary_and_a_moved_document_leaves_its_old_one(tmp_path: Path) -> None:
    document = tmp_path / "department.txt"
    shutil.copy(SAMPLES_DIR / "sample_420103_126_2023.txt", document)
    store = EmbeddedStore(None)
    build([document], store)
    first = _summary_statements(store)
    assert set(_summaries(store)) == {("420103", "2023")}
    build([document], store)
    assert _summary_statements(store) == first
    # the same file now holds the next year's budget: the 2023 summary has no document left
    shutil.copy(SAMPLES_DIR / "sample_420103_126_2024.txt", document)
    build([document], store)
    assert set(_summaries(store)) == {("420103", "2024")}
    assert _function_totals(store) == _printed_function_totals(store)


def test_a_summary_computed_again_writes_only_the_statements_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kg"
    samples = [SAMPLES_DIR / "sample_420103_126_2023.txt", SAMPLES_DIR / "sample_130302_223_2024.txt"]
    with EmbeddedStore(path) as store:
        build(samples, store)
        before = _summary_statements(store)
    changes: list[tuple[int, int]] = []
    original = EmbeddedStore.change_graph

    def counted(self: EmbeddedStore, graph: str, removed: object, added: object) -> int:
        removed_list, added_list = list(removed), list(added)  # type: ignore[call-overload]
        changes.append((len(removed_list), len(added_list)))
        return original(self, graph, removed_list, added_list)

    monkeypatch.setattr(EmbeddedStore, "change_graph", counted)
    with EmbeddedStore(path) as store:
        refresh_summaries(store, stored_region_years(store))
        assert not store.written, "every summary as it was: nothing written"
        assert _summary_statements(store) == before
        # one region's summary without its document: only that summary's statements are removed
        graph = iris.document_graph(store.document_graphs()[0].rsplit("/", 1)[-1])
        gone = document_region_years(store, graph)
        store.drop_graphs([graph])
        refresh_summaries(store, gone)
        after = _summary_statements(store)
    assert changes[0] == (0, 0)
    assert changes[1][1] == 0 and changes[1][0] == len(before - after) > 0
    assert after < before and len(_summaries_of(after)) == 1


def _summaries_of(statements: set[str]) -> set[str]:
    """The summaries named in statements of the summary graph."""
    return {statement.split(" ", 1)[0] for statement in statements if "#summaryRegion>" in statement}


def test_a_second_batch_adds_to_the_summary_of_a_shared_region_and_year(seeds_dir: Path) -> None:
    sample = SAMPLES_DIR / "sample_420103_126_2023.txt"
    police = seeds_dir / "002_51f6a00e079128a9.txt"  # 江汉区公安分局 2023
    in_two = EmbeddedStore(None)
    build([sample], in_two)
    alone = _function_totals(in_two)[("420103", "2023", "204")]
    build([police], in_two)
    in_one = EmbeddedStore(None)
    build([sample, police], in_one)
    assert _summary_statements(in_two) == _summary_statements(in_one)
    assert _function_totals(in_two)[("420103", "2023", "204")] == (alone[0] + Decimal("72643"), 2)


def test_a_store_built_before_summaries_gets_every_summary_on_its_next_build(tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    build([SAMPLES_DIR / "sample_420103_126_2023.txt", SAMPLES_DIR / "sample_130302_223_2024.txt"], store)
    expected = _summary_statements(store)
    store.store.remove_graph(SUMMARIES)
    assert not _summaries(store)
    build([SAMPLES_DIR / "sample_320102_101_2023.txt"], store)
    assert set(_summaries(store)) == {("420103", "2023"), ("130302", "2024"), ("320102", "2023")}
    assert expected <= _summary_statements(store)


def test_a_question_on_summaries_asks_for_a_build_when_the_store_has_none(tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    build([SAMPLES_DIR / "sample_420103_126_2023.txt"], store)
    assert run_rows(store, catalogue()["function-by-region"])[1]
    store.store.remove_graph(SUMMARIES)
    with pytest.raises(QueryError, match=r"no region summaries.*budgetkg build"):
        run_rows(store, catalogue()["function-by-region"])
    # questions that do not read them are answered as before
    assert run_rows(store, catalogue()["documents"])[1]
