"""Readers of DOCX, XLSX, XLS and HTML, and the same documents in every format giving the same figures.

* Each reader is tested on small documents made here: order of paragraphs and tables, merged
  cells resolved to one cell per grid column, captions, numbers as printed.
* The round trip renders every sample dump (tests/fixtures/factory.py) as DOCX, XLSX, HTML and
  PDF, builds each alone, and asks the seven contract questions: the rows must be those of the
  text dump, amounts compared as decimals.  The same holds when the tables print 元, not 万元.
* Bad files (a ZIP bomb, a file that is not what its suffix says, an empty page) fail with a
  reason naming the file, alone in their batch, leaving the store as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import zipfile
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import xlwt
from openpyxl import Workbook, load_workbook

from budgetkg.build import build, extract_document
from budgetkg.errors import DocumentError
from budgetkg.layout import Paragraph, ReadDocument, Row, Table
from budgetkg.paths import SAMPLES_DIR
from budgetkg.questions import ResultRow, catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.readers import read_document, structured
from budgetkg.readers.html import decode_html
from budgetkg.readers.limits import reader_limits
from budgetkg.readers.structured import SpannedCell, resolve_spans
from budgetkg.readers.xlsx import exact_decimal, format_number
from budgetkg.store import EmbeddedStore
from tests.contract import CONTRACT_QUESTIONS, TEXT_COLUMNS
from tests.fixtures.factory import FORMATS, Format, document_of, in_yuan, render

SAMPLES = sorted(path.name for path in SAMPLES_DIR.glob("*.txt"))
YUAN_SAMPLES = ["sample_130302_223_2024.txt", "sample_420103_126_2024.txt"]


# -- a small document ----------------------------------------------------------------------------

FUNCTION_ROWS = [
    ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
    ["", "", "", "小计", "人员经费", "公用经费"],
    ["", "合计", "2,061.97", "669.17", "591.63", "77.54", "1,392.80"],
    ["2040601", "行政运行", "349.78", "349.78", "290.89", "58.89"],
    ["2080505", "机关事业单位基本养老保险\n缴费支出", "53.14", "53.14", "53.14"],
]
FORM_ROWS = [
    ["部门（单位）名称", "武汉市江汉区司法局"],
    ["整体绩效总目标", "长期目标", "", "年度目标"],
    ["", "健全公共法律服务体系。", "", "完成年度工作任务。"],
]
FORM_CAPTIONS = ["2024年江汉区部门整体绩效目标申报表", "单位：万元"]


def small_document() -> ReadDocument:
    """Narrative, a coded table with a two-row header, a form whose title and unit are rows."""
    return document_of(
        "small.txt",
        [
            Paragraph("武汉市江汉区司法局 2024 年预算"),
            Paragraph("预算 04 表"),
            Paragraph("2024 年一般公共预算支出表(分功能科目)"),
            Paragraph("单位：万元"),
            Table(
                rows=[Row(list(cells)) for cells in FUNCTION_ROWS],
                captions=["预算 04 表", "2024 年一般公共预算支出表(分功能科目)", "单位：万元"],
            ),
            Paragraph("本部门没有其他需要说明的支出。"),
            Table(rows=[Row(list(cells)) for cells in FORM_ROWS], captions=list(FORM_CAPTIONS)),
            Paragraph("第四部分名词解释"),
        ],
    )


def kinds(document: ReadDocument) -> str:
    """The blocks of a document as a string: P for a paragraph, T for a table."""
    return "".join("T" if isinstance(block, Table) else "P" for block in document.blocks)


def rows_of(table: Table) -> list[list[str]]:
    return [row.cells for row in table.rows]


def member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


# -- DOCX ----------------------------------------------------------------------------------------


def test_docx_keeps_order_resolves_merged_cells_and_finds_captions(tmp_path: Path) -> None:
    path = render(small_document(), "docx", tmp_path)
    body = member(path, "word/document.xml")
    assert 'w:gridSpan w:val="3"' in body
    assert 'w:vMerge w:val="restart"' in body

    document = read_document(path)
    assert document.media_type.endswith("wordprocessingml.document")
    assert kinds(document) == "PPPPTPTP"
    paragraphs = document.paragraphs()
    assert paragraphs[0].text == "武汉市江汉区司法局 2024 年预算"
    numbers = [paragraph.line or 0 for paragraph in paragraphs]
    assert numbers[0] == 1 and numbers == sorted(set(numbers))
    first, second = document.tables()
    assert rows_of(first) == FUNCTION_ROWS
    assert first.captions == ["武汉市江汉区司法局 2024 年预算", *small_document().tables()[0].captions]
    assert [paragraph.text for paragraph in first.trailing] == ["本部门没有其他需要说明的支出。"]
    assert rows_of(second) == FORM_ROWS
    assert second.captions[-2:] == FORM_CAPTIONS
    assert (first.index, second.index) == (1, 2)


def test_docx_reads_cell_line_breaks_and_content_controls(tmp_path: Path) -> None:
    path = render(small_document(), "docx", tmp_path)
    wrapped = path.with_name("wrapped.docx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(wrapped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = text.replace("<w:body>", "<w:body><w:sdt><w:sdtContent>", 1)
                text = text.replace("<w:sectPr", "</w:sdtContent></w:sdt><w:sectPr", 1)
                data = text.encode("utf-8")
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    document = read_document(wrapped)
    assert kinds(document) == "PPPPTPTP"
    assert document.tables()[0].rows[4].cells[1] == "机关事业单位基本养老保险\n缴费支出"


# -- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_sheets_in_order_with_numbers_as_shown(tmp_path: Path) -> None:
    path = render(small_document(), "xlsx", tmp_path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["表1", "表2"]
    amount = next(
        cell for row in workbook["表1"].iter_rows() for cell in row if isinstance(cell.value, float)
    )
    assert amount.number_format == "#,##0.00"
    assert workbook["表1"].merged_cells.ranges

    document = read_document(path)
    assert document.media_type.endswith("spreadsheetml.sheet")
    # the form's title and unit lines are rows above the table: in a sheet they are paragraphs
    assert kinds(document) == "PPPPTPPPTP"
    first, second = document.tables()
    assert rows_of(first) == FUNCTION_ROWS
    assert first.captions[-3:] == small_document().tables()[0].captions
    assert rows_of(second) == FORM_ROWS
    assert second.captions[-2:] == FORM_CAPTIONS
    lines = [paragraph.line or 0 for paragraph in document.paragraphs()]
    assert lines[0] == 1 and lines == sorted(set(lines))


def test_xlsx_merged_ranges_keep_text_in_the_first_cell_only(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "预算"
    for row in (
        ["收入", "收入", "支出", "支出"],
        ["项目", "预算数", "项目", "预算数"],
        ["一、本年收入", 5, "一、本年支出", 5],
    ):
        sheet.append(row)
    hidden = workbook.create_sheet("底稿")
    hidden.append(["不应读出", "x"])
    hidden.sheet_state = "hidden"
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    merged = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(merged, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                marks = '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:D1"/></mergeCells>'
                data = data.replace(b"</sheetData>", b"</sheetData>" + marks.encode(), 1)
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    document = read_document(merged)
    assert kinds(document) == "T"
    assert rows_of(document.tables()[0]) == [
        ["收入", "", "支出"],
        ["项目", "预算数", "项目", "预算数"],
        ["一、本年收入", "5", "一、本年支出", "5"],
    ]


def test_xlsx_empty_rows_split_tables_and_lone_cells_are_captions(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (
        ["单位预算收支总表"],
        [None, None, "单位：万元"],
        ["项目", "预算数"],
        ["合计", 2061.97],
        [],
        ["注：本表为空表。"],
        [],
        ["预算 02 表"],
        ["科目编码", "科目名称", "合计"],
        [204, "公共安全支出", 0.1 + 0.2],
    ):
        sheet.append(row)
    path = tmp_path / "split.xlsx"
    workbook.save(path)
    document = read_document(path)
    assert kinds(document) == "PPTPPT"
    first, second = document.tables()
    assert first.captions == ["单位预算收支总表", "单位：万元"]
    assert rows_of(first) == [["项目", "预算数"], ["合计", "2061.97"]]
    assert [paragraph.text for paragraph in first.trailing] == ["注：本表为空表。", "预算 02 表"]
    assert second.captions[-1] == "预算 02 表"
    assert rows_of(second)[1] == ["204", "公共安全支出", "0.3"]
    assert [row.line for row in second.rows] == [9, 10]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (2061.97, "#,##0.00", "2,061.97"),
        (5.0, "0.00", "5.00"),
        (5.0, "General", "5"),
        (7, "General", "7"),
        (0.1 + 0.2, "General", "0.3"),
        (2.6, "0.000000", "2.600000"),
        (2061.975, "0.00", "2061.975"),
        (0.9976, "0.00%", "99.76%"),
        (20619700.0, "#,##0.00", "20,619,700.00"),
        (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
        (123456789012.0, "0", "123456789012"),
        (0.0001, "@", "0.0001"),
        (3.14159, '"¥"#,##0.00', "3.14159"),
    ],
)
def test_numbers_are_shown_without_float_artefacts_or_lost_digits(
    value: float, number_format: str, shown: str
) -> None:
    assert format_number(value, number_format) == shown


def test_exact_decimal_keeps_fifteen_significant_digits() -> None:
    assert exact_decimal(0.1 + 0.2) == Decimal("0.3")
    assert exact_decimal(1234567.89) == Decimal("1234567.89")
    assert exact_decimal(10) == Decimal(10)


# -- XLS -----------------------------------------------------------------------------------------


def test_xls_reads_visible_sheets_merges_and_formats(tmp_path: Path) -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("表1")
    sheet.write_merge(0, 0, 0, 2, "2024 年收支预算总表")
    sheet.write(1, 0, "单位：万元")
    sheet.write_merge(2, 3, 0, 0, "科目编码")
    sheet.write_merge(2, 2, 1, 2, "金额")
    sheet.write(3, 1, "基本支出")
    sheet.write(3, 2, "项目支出")
    grouped = xlwt.easyxf(num_format_str="#,##0.00")
    sheet.write(4, 0, "2040601")
    sheet.write(4, 1, 2061.97, grouped)
    sheet.write(4, 2, 5)
    hidden = workbook.add_sheet("底稿")
    hidden.write(0, 0, "不应读出")
    hidden.write(0, 1, "x")
    hidden.visibility = 1
    second = workbook.add_sheet("表2")
    second.write(0, 0, "预算 02 表")
    second.write(1, 0, "项目")
    second.write(1, 1, "金额")
    path = tmp_path / "legacy.xls"
    workbook.save(str(path))

    document = read_document(path)
    assert document.media_type == "application/vnd.ms-excel"
    assert kinds(document) == "PPTPT"
    first, last = document.tables()
    assert first.captions == ["2024 年收支预算总表", "单位：万元"]
    assert rows_of(first) == [
        ["科目编码", "金额"],
        ["", "基本支出", "项目支出"],
        ["2040601", "2,061.97", "5"],
    ]
    assert last.captions == ["预算 02 表"]
    assert rows_of(last) == [["项目", "金额"]]


def test_xls_that_is_not_a_workbook_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "fake.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    assert raised.value.document == "fake.xls"
    assert "not a readable Excel 97-2003" in raised.value.reason
    text = tmp_path / "text.xls"
    text.write_text("项目\t金额\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no OLE2 compound-document header"):
        read_document(text)


# -- HTML ----------------------------------------------------------------------------------------


def test_html_resolves_spans_and_takes_captions(tmp_path: Path) -> None:
    path = render(small_document(), "html", tmp_path)
    page = path.read_text(encoding="utf-8")
    assert 'colspan="3"' in page and 'rowspan="2"' in page and "<caption>" in page
    document = read_document(path)
    assert document.media_type == "text/html"
    assert kinds(document) == "PPPPTPTP"
    first, second = document.tables()
    assert rows_of(first) == FUNCTION_ROWS
    assert rows_of(second) == FORM_ROWS
    assert second.captions[-2:] == FORM_CAPTIONS


LEGACY_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>不读标题</title><script>var x = "<table>";</script></head>
<body><table width="100%"><tr><td>
<h2>武汉市江汉区司法局 2024 年预算</h2>
<p>第一段<br>第二段
<p>项&nbsp;&nbsp;目 说明
<table border=1>
<caption>2024 年项目支出预算表</caption>
<tr><td colspan=2>单位：万元
<tr><th rowspan=2>项目名称<th colspan=2>金额
<tr><td>本年<td>结转
<tr><td>普法宣传经费<td>45.60<td>
<tr><td>项目类别</td><td colspan=2>运转类 <input type=checkbox checked> 其他 <input type="checkbox"></td></tr>
</table>
<p>注：以上为全部项目。
</td></tr></table></body></html>
"""


def test_html_legacy_page_charset_unclosed_tags_and_layout_tables(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes(LEGACY_PAGE.encode("gb18030"))
    document = read_document(path)
    assert [paragraph.text for paragraph in document.paragraphs()] == [
        "武汉市江汉区司法局 2024 年预算",
        "第一段",
        "第二段",
        "项  目 说明",
        "注：以上为全部项目。",
    ]
    assert kinds(document) == "PPPPTP"
    table = document.tables()[0]
    assert table.captions[-2:] == ["2024 年项目支出预算表", "单位：万元"]
    assert rows_of(table) == [
        ["项目名称", "金额"],
        ["", "本年", "结转"],
        ["普法宣传经费", "45.60"],
        ["项目类别", "运转类 ☑ 其他 ☐"],
    ]


def test_a_title_row_inside_a_grid_starts_a_new_table_and_a_one_column_grid_is_text(tmp_path: Path) -> None:
    path = tmp_path / "forms.html"
    path.write_text(
        "<table><tr><td>项目名称<td>普法宣传经费<tr><td>项目代码<td>42010324126T000000101"
        "<tr><td colspan=2>2024年江汉区项目支出(绩效目标)申报表"
        "<tr><td>项目名称<td>人民调解工作经费</table>"
        "<table><tr><td>注：金额单位为万元。<tr><td></table>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert kinds(document) == "TTP"
    first, second = document.tables()
    assert rows_of(first) == [["项目名称", "普法宣传经费"], ["项目代码", "42010324126T000000101"]]
    assert second.captions == ["2024年江汉区项目支出(绩效目标)申报表"]
    assert rows_of(second) == [["项目名称", "人民调解工作经费"]]
    assert document.paragraphs()[0].text == "注：金额单位为万元。"


def test_html_charset_and_spans_edge_cases() -> None:
    assert decode_html("a.html", "<meta charset='GBK'><p>预算</p>".encode("gbk")).endswith("预算</p>")
    assert decode_html("a.html", "\ufeff<p>预算</p>".encode()) == "<p>预算</p>"
    with pytest.raises(DocumentError, match="unknown charset"):
        decode_html("a.html", b"<meta charset='klingon'>")
    with pytest.raises(DocumentError, match="not valid utf-8"):
        decode_html("a.html", "<p>预算</p>".encode("gbk"))
    grid = resolve_spans(
        [
            [SpannedCell("a", rowspan=3), SpannedCell("b", colspan=2)],
            [SpannedCell("c"), SpannedCell("d", rowspan=2)],
            [SpannedCell("e")],
        ]
    )
    assert grid == [["a", "b", ""], ["", "c", "d"], ["", "e", ""]]


# -- the round trip ------------------------------------------------------------------------------


def comparable(rows: list[ResultRow]) -> list[dict[str, object]]:
    """Result rows with amounts as decimals (so 2061.97 equals 2061.970000)."""
    out: list[dict[str, object]] = []
    for row in rows:
        values: dict[str, object] = {}
        for column, value in row.items():
            values[column] = value or ""
            if value and column not in TEXT_COLUMNS:
                with contextlib.suppress(InvalidOperation):
                    values[column] = Decimal(value)
        out.append(values)
    return out


def answers(path: Path) -> dict[str, list[dict[str, object]]]:
    """The contract questions' rows for one document built alone."""
    store = EmbeddedStore(None)
    report = build([path], store)
    assert not report.failed, report.failed
    assert report.built[0].extraction.findings == []
    return {name: comparable(run_rows(store, catalogue()[name])[1]) for name in CONTRACT_QUESTIONS}


@cache
def text_answers(sample: str) -> dict[str, list[dict[str, object]]]:
    return answers(SAMPLES_DIR / sample)


def assert_same_answers(sample: str, path: Path) -> None:
    expected = text_answers(sample)
    found = answers(path)
    for name in CONTRACT_QUESTIONS:
        assert found[name] == expected[name], f"{path.name}: {name} differs from the text dump"


def test_the_samples_cover_both_layouts() -> None:
    layouts = set()
    for sample in SAMPLES:
        lines = (SAMPLES_DIR / sample).read_text(encoding="utf-8").splitlines()
        tab_lines = [line for line in lines if "\t" in line]
        single = sum(1 for line in tab_lines if line.startswith("\t") and line.count("\t") == 1)
        layouts.add("cell-lines" if single > len(tab_lines) * 0.8 else "tab-rows")
    assert layouts == {"tab-rows", "cell-lines"}
    assert set(YUAN_SAMPLES) <= set(SAMPLES)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_every_format_answers_as_the_text_dump(sample: str, kind: Format, tmp_path: Path) -> None:
    path = render(read_document(SAMPLES_DIR / sample), kind, tmp_path)
    assert_same_answers(sample, path)


@pytest.mark.parametrize("sample", SAMPLES)
def test_pdf_tables_pushed_below_their_titles_onto_the_next_page_keep_them(
    sample: str, tmp_path: Path
) -> None:
    """Every title and unit line at the foot of one page, its table from the top of the next."""
    document = read_document(SAMPLES_DIR / sample)
    path = render(document, "pdf", tmp_path, captions_apart=True)
    read = read_document(path)
    assert len(read.tables()) == len(document.tables())
    pushed = 0
    for previous, table in zip(read.blocks, read.blocks[1:], strict=False):
        if isinstance(table, Table) and isinstance(previous, Paragraph):
            assert previous.text in table.captions
            assert (previous.page or 0) < (table.rows[0].page or 0), table.captions
            pushed += 1
    assert pushed > len(document.tables()) // 2
    assert_same_answers(sample, path)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("sample", YUAN_SAMPLES)
def test_amounts_printed_in_yuan_give_the_same_wanyuan(sample: str, kind: Format, tmp_path: Path) -> None:
    document = in_yuan(read_document(SAMPLES_DIR / sample))
    texts = [caption for table in document.tables() for caption in table.captions]
    texts += [cell for table in document.tables() for row in table.rows[:3] for cell in row.cells]
    assert not any(re.search(r"单位\s*[:：]\s*万元", text) for text in texts)
    path = render(document, kind, tmp_path)
    assert_same_answers(sample, path)


def test_yuan_variant_multiplies_exactly() -> None:
    document = in_yuan(read_document(SAMPLES_DIR / "sample_420103_126_2024.txt"))
    cells = [cell for table in document.tables() for row in table.rows for cell in row.cells]
    assert "20,619,700.00" in cells and "2,061.97" not in cells
    assert "单位：元" in [paragraph.text for paragraph in document.paragraphs()]


# -- bad input -----------------------------------------------------------------------------------


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", bytes(32 * 1024 * 1024))
    return path


def bad_files(folder: Path) -> dict[str, str]:
    """Bad documents written into ``folder``: file name -> words of the reason given."""
    zip_bomb(folder / "bomb.docx")
    (folder / "letter.docx").write_text("这不是一个 Word 文件。", encoding="utf-8")
    with zipfile.ZipFile(folder / "parts.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    good = Workbook()
    sheet = good.active
    assert sheet is not None
    sheet.append(["项目", "金额"])
    good.save(folder / "template.tmp")
    with zipfile.ZipFile(folder / "template.tmp") as source:
        with zipfile.ZipFile(folder / "nosheets.xlsx", "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
                target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        with zipfile.ZipFile(folder / "garbled.xlsx", "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = b"<worksheet><sheetData><row>"
                target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    (folder / "template.tmp").unlink()
    (folder / "truncated.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "blank.html").write_text("<html><head><title>空</title></head><body> </body></html>", "utf-8")
    (folder / "zero.html").write_bytes(b"")
    return {
        "bomb.docx": "compression ratio above 100:1",
        "letter.docx": "not a ZIP archive",
        "parts.docx": "holds no word/document.xml",
        "nosheets.xlsx": "holds no worksheets",
        "garbled.xlsx": "not a readable Excel (.xlsx) file",
        "truncated.xlsx": "not a ZIP archive",
        "blank.html": "holds no text and no tables",
        "zero.html": "the file is empty",
    }


def test_each_bad_file_is_an_error_naming_it(tmp_path: Path) -> None:
    for name, words in bad_files(tmp_path).items():
        with pytest.raises(DocumentError) as raised:
            read_document(tmp_path / name)
        assert raised.value.document == name
        assert words in raised.value.reason, (name, raised.value.reason)
        assert str(raised.value).startswith(f"{name}: ")


def test_archives_inflating_past_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = render(small_document(), "docx", tmp_path)
    assert read_document(path).tables()
    small = dataclasses.replace(reader_limits(), zip_inflated_bytes=10_000)
    monkeypatch.setattr(structured, "reader_limits", lambda: small)
    with pytest.raises(DocumentError, match=r"refused: the archive would inflate to \d+ bytes"):
        read_document(path)


def _quads(store: EmbeddedStore) -> set[str]:
    """The statements of the store, without the region summaries (added up again after each build)."""
    summaries = ox.NamedNode(iris.SUMMARY_GRAPH)
    return {
        str(quad)
        for quad in store.store.quads_for_pattern(None, None, None, None)
        if quad.graph_name != summaries
    }


def test_a_batch_builds_the_good_files_and_leaves_the_store_alone_for_bad_ones(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    reasons = bad_files(batch)
    document = read_document(SAMPLES_DIR / "sample_320102_101_2023.txt")
    first = render(document, "docx", tmp_path, stem="earlier")
    good = [render(document, kind, batch, stem=f"good_{kind}") for kind in ("docx", "xlsx", "html")]

    store = EmbeddedStore(None)
    build([first], store)
    before = _quads(store)
    report = build([batch / name for name in reasons], store)
    assert not report.built
    assert _quads(store) == before

    report = build([batch], store)
    assert sorted(built.path.name for built in report.built) == sorted(path.name for path in good)
    failed = {error.document: error.reason for error in report.failed}
    assert set(failed) == set(reasons)
    for name, words in reasons.items():
        assert words in failed[name], (name, failed[name])
    assert before <= _quads(store)
    graphs = {graph.rsplit("/", 1)[-1] for graph in store.document_graphs()}
    assert graphs == {"earlier.docx", *(path.name for path in good)}


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        (b"NaN", "not a finite number"),
        (b"inf", "not a finite number"),
        (b"1" + b"0" * 5000, "beyond 1e+19 in magnitude (limits.toml)"),
        (b"1E+308", "beyond 1e+19 in magnitude (limits.toml)"),
    ],
)
def test_xlsx_a_cell_beyond_any_amount_is_one_unreadable_cell(
    tmp_path: Path, stored: bytes, reason: str
) -> None:
    source = render(small_document(), "xlsx", tmp_path)
    path = tmp_path / "odd-cell.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as target:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<v>[\d.E+-]+</v>", b"<v>" + stored + b"</v>", data, count=1)
            target.writestr(info, data)
    extraction, _ = extract_document(path)
    unread = [finding for finding in extraction.findings if finding.rule == "extract.cell-unreadable"]
    assert [finding.printed.split(" [", 1)[1] for finding in unread] == [
        f"not read: {reason}; sheet 表1, cell C8]"
    ]
    amounts = [line.amount for line in extraction.lines if line.amount is not None]
    assert amounts and all(abs(amount) < 10**15 for amount in amounts)
