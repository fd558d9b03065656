"""Damaged and hostile files: every reader reads them or refuses them with a DocumentError.

A slice of the fuzz corpus (``tools/make_fuzz_corpus.py``; the whole corpus is run by
``bench/fuzz.py``), read directly and built end to end beside a good seed, and property tests
over each reader.
"""

from __future__ import annotations

import functools
import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetkg import cli, commands
from budgetkg.errors import DocumentError, LimitExceeded
from budgetkg.interpret import interpret
from budgetkg.layout import ReadDocument, UnreadPage
from budgetkg.readers import pdf, read_document, supported_suffixes
from budgetkg.readers.limits import reader_limits
from budgetkg.readers.structured import SpannedCell, resolve_spans
from tests.conftest import SEEDS, SHARED, require_shared
from tools import make_fuzz_corpus as fuzz

GOOD_SEED = "003_43945480f961a537.txt"
SLICE = 50
SLICE_SOURCE = "sample_130302_223_2024.txt"


@functools.cache
def slice_sources() -> list[fuzz.Source]:
    """The smallest sample in every format, and the smallest real PDF."""
    require_shared(SEEDS / GOOD_SEED)
    sources: list[fuzz.Source] = fuzz.good_sources(SHARED, texts=[SLICE_SOURCE], pdfs_at_most=1)
    return sources


def read_or_refuse(path: Path) -> ReadDocument | DocumentError:
    try:
        return read_document(path)
    except DocumentError as error:
        assert error.reason and error.document == path.name
        assert isinstance(error.__cause__, BaseException | None)
        return error


# -- the corpus --------------------------------------------------------------------------------------


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    sources = slice_sources()
    first = [(item.mutation, item.suffix, item.data) for item in fuzz.corpus(sources, 40, seed=3)]
    again = [(item.mutation, item.suffix, item.data) for item in fuzz.corpus(sources, 40, seed=3)]
    other = [(item.mutation, item.suffix, item.data) for item in fuzz.corpus(sources, 40, seed=4)]
    assert first == again
    assert first != other
    assert [source.suffix for source in sources] == [".txt", ".docx", ".xlsx", ".xls", ".html", ".pdf"]


def test_a_slice_of_the_corpus_is_read_or_refused_with_a_reason(tmp_path: Path) -> None:
    paths = fuzz.write_corpus(tmp_path, slice_sources(), SLICE, seed=16)
    assert len(paths) == SLICE
    outcomes = {path.name: read_or_refuse(path) for path in paths}
    refused = {name: out.reason for name, out in outcomes.items() if isinstance(out, DocumentError)}
    for name, reason in refused.items():
        if "_empty_" in name:
            assert reason == "the file is empty"
    assert any("_empty_" in name for name in refused)
    assert any(isinstance(outcome, ReadDocument) for outcome in outcomes.values())


def test_a_batch_of_damaged_files_still_builds_the_good_seed_beside_them(tmp_path: Path) -> None:
    paths = fuzz.write_corpus(tmp_path / "corpus", slice_sources(), 12, seed=16)
    budgetkg = Path(sys.executable).parent / "budgetkg"
    done = subprocess.run(
        [str(budgetkg), "build", *map(str, paths), str(SEEDS / GOOD_SEED), "--store", str(tmp_path / "kg")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert f"built {GOOD_SEED}: 中共武汉市江汉区委办公室 2024" in done.stdout
    assert done.returncode == 1
    assert "failed 0000_" in done.stderr or "failed 0001_" in done.stderr


# -- the crashes once seen, at their source ----------------------------------------------------------


def test_an_xlsx_cell_of_ten_to_the_300_is_read_as_no_amount(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["项目", "金额"])
    sheet.append(["合计", 10**300])
    workbook.save(tmp_path / "huge.xlsx")
    (table,) = read_document(tmp_path / "huge.xlsx").tables()
    assert table.rows[1].cells == [
        "合计",
        "1e+300 [not read: beyond 1e+19 in magnitude (limits.toml); sheet Sheet, cell B2]",
    ]


def test_a_table_of_cells_spanning_a_thousand_rows_and_columns_is_refused(tmp_path: Path) -> None:
    row = "<tr>" + '<td rowspan="1000" colspan="1000">1</td>' * 20 + "</tr>"
    (tmp_path / "spans.html").write_text(f"<p>表</p><table>{row * 1000}</table>", encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        read_document(tmp_path / "spans.html")
    assert raised.value.reason == (
        "refused: a table would cover 2000000 grid positions (limit 1000000, limits.toml)"
    )
    assert isinstance(raised.value.__cause__, LimitExceeded)


def test_a_text_dump_over_its_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    limit = reader_limits().bytes_for(".txt")
    assert limit == 10 * 1024 * 1024
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(limit + 1)
    refusal = r"^huge\.txt: refused: the file is 10485761 bytes \(limit 10485760"
    with pytest.raises(DocumentError, match=refusal):
        read_document(tmp_path / "huge.txt")


def test_a_damaged_zip_member_is_the_documents_error_with_its_cause(tmp_path: Path) -> None:
    docx = next(source for source in slice_sources() if source.suffix == ".docx")
    data = bytearray(docx.data)
    with zipfile.ZipFile(io.BytesIO(docx.data)) as archive:
        member = archive.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start + member.compress_size // 2] ^= 0xFF
    (tmp_path / "damaged.docx").write_bytes(bytes(data))
    refusal = r"^damaged\.docx: not a readable Word \(\.docx\) file: "
    with pytest.raises(DocumentError, match=refusal) as raised:
        read_document(tmp_path / "damaged.docx")
    assert raised.value.__cause__ is not None


# -- property tests ----------------------------------------------------------------------------------

FAST = settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("suffix", supported_suffixes())
@FAST
@given(data=st.binary(max_size=2048))
def test_any_bytes_are_read_or_refused(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    read_or_refuse(path)


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".xlsx", ".xls", ".html", ".pdf"])
@FAST
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
        min_size=1,
        max_size=6,
    )
)
def test_a_good_document_with_bytes_changed_is_read_or_refused(
    tmp_path: Path, suffix: str, flips: list[tuple[float, int]]
) -> None:
    source = next(source for source in slice_sources() if source.suffix == suffix)
    data = bytearray(source.data)
    for where, value in flips:
        data[int(where * len(data))] = value
    path = tmp_path / f"flipped{suffix}"
    path.write_bytes(bytes(data))
    read_or_refuse(path)


spans = st.integers(min_value=-5, max_value=10**9)


@settings(max_examples=200, deadline=None, database=None)
@given(rows=st.lists(st.lists(st.tuples(spans, spans), max_size=6), max_size=12))
def test_spans_are_laid_out_within_the_limits_or_refused(rows: list[list[tuple[int, int]]]) -> None:
    marked = [[SpannedCell("x", colspan, rowspan) for colspan, rowspan in row] for row in rows]
    try:
        grid = resolve_spans(marked)
    except LimitExceeded as error:
        assert error.reason.startswith("refused: a table would ")
        return
    assert len(grid) == len(rows)
    assert sum(len(row) for row in grid) <= reader_limits().table_cells
    assert all(len(row) == len(grid[0]) for row in grid)


# -- no traceback reaches the user unless --debug ----------------------------------------------------


def _fail(args: object) -> int:
    raise RuntimeError("the store's lock file vanished")


def test_an_unexpected_failure_is_one_line_unless_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(commands, "command_queries", _fail)
    assert cli.main(["queries"]) == 1
    assert capsys.readouterr().err == (
        "budgetkg: queries failed: RuntimeError: the store's lock file vanished "
        "(run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="lock file vanished"):
        cli.main(["--debug", "queries"])


# -- a page that cannot be read is left out, with an extraction finding ----------------------------


def test_a_pdf_page_that_cannot_be_read_is_left_out_with_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    path = require_shared(SHARED / "real" / "SH_shanghai_xkyjy_2026_unit_budget.pdf")
    whole = read_document(path)
    read_page = pdf._read_page

    def failing_on_page_two(page: Any, number: int) -> Any:
        if number == 2:
            raise TypeError("'NoneType' object is not iterable")
        return read_page(page, number)

    monkeypatch.setattr(pdf, "_read_page", failing_on_page_two)
    damaged = read_document(path)
    assert damaged.unread == [UnreadPage(2, "corrupt PDF: TypeError: 'NoneType' object is not iterable")]
    assert damaged.page_count == whole.page_count
    pages_read = {block.page for block in damaged.paragraphs()}
    assert {block.page for block in whole.paragraphs()} - pages_read == {2}
    findings = [finding for finding in interpret(damaged).findings if finding.rule == "extract.page-unread"]
    assert [(finding.source.page, finding.printed) for finding in findings] == [
        (2, "corrupt PDF: TypeError: 'NoneType' object is not iterable")
    ]


def test_a_pdf_none_of_whose_pages_can_be_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    path = require_shared(SHARED / "real" / "SH_shanghai_xkyjy_2026_unit_budget.pdf")

    def failing(page: Any, number: int) -> Any:
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(pdf, "_read_page", failing)
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    assert raised.value.reason == (
        "no page can be read; corrupt PDF: struct.error: unpack requires a buffer of 4 bytes"
    )
    assert isinstance(raised.value.__cause__, DocumentError)
    assert isinstance(raised.value.__cause__.__cause__, struct.error)
