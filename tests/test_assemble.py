"""Documents published as two files are one document; batches are read on several cores."""

from __future__ import annotations

from pathlib import Path

from budgetkg.assemble import assemble, document_groups
from budgetkg.build import build
from budgetkg.layout import Paragraph, ReadDocument, Row, Table
from budgetkg.questions import catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore


def test_files_named_tables_join_their_companion() -> None:
    folder = Path("docs")
    files = [
        folder / name
        for name in ("A_2019_dept_budget.pdf", "A_2019_tables.pdf", "B_2019.pdf", "C_tables.pdf")
    ]
    assert document_groups(files) == [[files[0], files[1]], [files[2]], [files[3]]]


def test_assembled_pages_continue_across_files() -> None:
    narrative = ReadDocument("n.pdf", "a" * 64, "application/pdf", [Paragraph("说明", page=2)], page_count=3)
    tables = ReadDocument(
        "t.pdf",
        "b" * 64,
        "application/pdf",
        [Table([Row(["201", "一般公共服务支出", "1.00"], page=1)], ["公开01表"])],
        page_count=2,
    )
    joined = assemble([narrative, tables])
    assert joined.name == "n.pdf + t.pdf"
    assert joined.page_count == 5
    assert joined.tables()[0].rows[0].page == 4
    assert [(part.name, part.first_page, part.page_count) for part in joined.parts] == [
        ("n.pdf", 1, 3),
        ("t.pdf", 4, 2),
    ]


def test_parallel_build_gives_the_same_answers_as_one_process(seeds_dir: Path) -> None:
    single, parallel = EmbeddedStore(None), EmbeddedStore(None)
    build([seeds_dir], single, workers=1)
    report = build([seeds_dir], parallel, workers=2)
    assert len(report.built) == 5 and not report.failed
    for question in catalogue().values():
        assert run_rows(single, question) == run_rows(parallel, question), question.name
    assert _built_quads(single) == _built_quads(parallel)


def _built_quads(store: EmbeddedStore) -> set[str]:
    graphs = [*store.document_graphs(), iris.SHARED_GRAPH]
    return {str(quad) for graph in graphs for quad in store.graph_quads(graph)}
