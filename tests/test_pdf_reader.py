"""The PDF reader on the real Shanghai and Jiangsu disclosures, its cleaning steps, and bad input."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pdfplumber
import pytest

from budgetkg.errors import DocumentError
from budgetkg.layout import Paragraph, ReadDocument, Table
from budgetkg.readers import read_document
from budgetkg.readers.pdf import read_pdf
from budgetkg.readers.pdf_rules import closing_rules
from budgetkg.readers.pdf_tables import Grid, GridCell, build_grid, grid_rows
from budgetkg.readers.pdf_text import join_wrapped
from budgetkg.recognise import compact, printed_unit, recognise
from tests.conftest import SHARED, require_shared

REAL = SHARED / "real"
JIANCHAYUAN = "JS_jianchayuan_2019_dept_budget.pdf"
RENDA = "JS_renda_2019_dept_budget.pdf"
RENDA_TABLES = "JS_renda_2019_tables.pdf"
CAIZHENG = "SH_putuo_caizheng_2024_final.pdf"
WANLI = "SH_putuo_wanli_jiedao_2024_dept_budget.pdf"
ZFBAN = "SH_putuo_zfban_2025_unit_budget.pdf"
SWU_FINAL = "CQ_beibei_swu_2024_final.pdf"

JIANGSU_KINDS = [
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "fiscal-summary",
    "fiscal-by-function",
    "fiscal-basic-by-economic",
    "general-by-function",
    "general-basic-by-economic",
    "three-public",
    "government-fund",
    "running-costs",
    "procurement",
]
SHANGHAI_BUDGET_KINDS = [
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "fiscal-summary",
    "general-by-function",
    "government-fund",
    "state-capital",
    "general-basic-by-economic",
    "three-public",
]
CAIZHENG_TITLES = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]
SHAPES = {
    # file: (pages, tables)
    JIANCHAYUAN: (33, 12),
    RENDA: (19, 0),
    RENDA_TABLES: (13, 12),
    CAIZHENG: (25, 10),
    WANLI: (33, 9),
    ZFBAN: (21, 9),
}

_READ: dict[str, ReadDocument] = {}


def real(name: str) -> ReadDocument:
    """A real PDF read once per test session (fresh reads where a test changes the tables)."""
    if name not in _READ:
        _READ[name] = read_pdf(require_shared(REAL / name))
    return _READ[name]


def table_titled(document: ReadDocument, title: str) -> Table:
    for table in document.tables():
        if any(compact(caption) == title for caption in table.captions):
            return table
    raise AssertionError(f"no table titled {title} in {document.name}")


def pages_of(table: Table) -> list[int]:
    return sorted({row.page or 0 for row in table.rows})


# -- the real documents ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_pages_and_tables(name: str) -> None:
    document = real(name)
    assert (document.page_count, len(document.tables())) == SHAPES[name]
    assert document.name == name
    assert document.media_type == "application/pdf"
    assert document.sha256 == hashlib.sha256((REAL / name).read_bytes()).hexdigest()
    assert [table.index for table in document.tables()] == list(range(1, SHAPES[name][1] + 1))


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        (JIANCHAYUAN, JIANGSU_KINDS),
        (RENDA_TABLES, JIANGSU_KINDS),
        (WANLI, SHANGHAI_BUDGET_KINDS),
        (ZFBAN, SHANGHAI_BUDGET_KINDS),
    ],
)
def test_table_kinds_are_recognised(name: str, kinds: list[str]) -> None:
    document = read_pdf(require_shared(REAL / name))
    assert [typed.kind for typed in recognise(document)] == kinds


def test_final_accounts_tables_keep_their_titles() -> None:
    document = real(CAIZHENG)
    tables = document.tables()
    assert [compact(table.captions[-2]) for table in tables[1:]] == CAIZHENG_TITLES
    assert [compact(table.captions[-1]) for table in tables[1:]] == ["单位：万元"] * len(CAIZHENG_TITLES)
    # the list of units printed in the narrative on page 5 is a table as well
    assert tables[0].page == 5
    assert tables[0].rows[0].cells == ["序号", "单位名称", "备注"]


@pytest.mark.parametrize("name", [WANLI, ZFBAN])
def test_shanghai_captions_give_title_and_unit(name: str) -> None:
    tables = real(name).tables()
    units = [printed_unit(table) for table in tables]
    assert units == ["元"] * (len(tables) - 1) + ["万元"]  # the 三公 table is printed in 万元
    for table in tables:
        assert any(caption.startswith(("编制部门", "编制单位")) for caption in table.captions)
        assert "表" in table.captions[0]


def test_rows_carry_page_and_one_box_per_cell() -> None:
    for name in SHAPES:
        document = real(name)
        for table in document.tables():
            width = len(table.rows[0].cells)
            for row in table.rows:
                assert row.page is not None and 1 <= row.page <= (document.page_count or 0)
                assert row.bboxes is not None and len(row.bboxes) == len(row.cells) == width
                for text, box in zip(row.cells, row.bboxes, strict=True):
                    assert (box is None) == (text == ""), (name, table.index, row.cells)
                    if box is not None:
                        assert box[0] < box[2] and box[1] < box[3]
        assert all(paragraph.page is not None for paragraph in document.paragraphs())


def test_continued_tables_are_one_table() -> None:
    document = real(WANLI)
    income = table_titled(document, "2024年部门收入预算总表")
    # printed on pages 11 to 15; the last page holds only the 合计 line, under a merged cell
    assert pages_of(income) == [11, 12, 13, 14, 15]
    assert len(income.rows) == 70
    assert income.rows[-1].cells == ["合计", "", "", "", "156,211,123", "156,211,123", "0", "0", "0"]
    by_function = table_titled(document, "2024年部门一般公共预算支出功能分类预算表")
    # pages 23 to 26 repeat the header rows; they are dropped
    assert pages_of(by_function) == [22, 23, 24, 25, 26]
    assert sum(1 for row in by_function.rows if row.cells[:3] == ["类", "款", "项"]) == 1
    assert by_function.rows[16].cells == ["204", "", "", "公共安全支出", "1,633,000", "0", "1,633,000"]
    assert by_function.rows[16].page == 23

    economic = table_titled(real(JIANCHAYUAN), "一般公共预算基本支出预算表（经济科目）")
    assert pages_of(economic) == [18, 19]
    assert economic.rows[-1].cells == ["30309", "奖励金", "1.05"]


def test_first_row_of_a_page_without_its_top_rule_stays_in_the_table() -> None:
    """Page 13 of the 西南大学 final accounts continues 表3 with a row printed between the column
    rules but above the first horizontal rule (the page break took the rule away)."""
    spending = table_titled(real(SWU_FINAL), "表3：高等学校支出决算表")
    assert pages_of(spending) == [12, 13]
    first = next(row for row in spending.rows if row.page == 13)
    assert first.cells[:5] == ["20602", "基础研究", "1,989.00", "823.93", "1,165.07"]
    assert len(spending.rows) == 29


def test_closing_rules_join_pieces_of_a_column_rule() -> None:
    def rule(x: float, top: float, bottom: float) -> dict[str, object]:
        return {"x0": x, "x1": x, "top": top, "bottom": bottom}

    def across(y: float) -> dict[str, object]:
        return {"x0": 10.0, "x1": 90.0, "top": y, "bottom": y}

    # column rules drawn cell by cell, ruled across at 20 and 40 only: the top at 0 is open
    pieces = [rule(x, top, top + 10) for x in (10.0, 50.0, 90.0) for top in (0.0, 10.0, 20.0, 30.0)]
    added = closing_rules([*pieces, across(20.0), across(40.0)])
    assert [(edge["top"], edge["x0"], edge["x1"]) for edge in added] == [(0.0, 10.0, 90.0)]
    assert closing_rules([*pieces, across(0.0), across(40.0)]) == []


def test_wrapped_cell_text_is_joined() -> None:
    document = real(JIANCHAYUAN)
    procurement = table_titled(document, "政府采购支出预算表")
    names = [row.cells[1] for row in procurement.rows]
    # printed on five lines in one cell
    assert "网络、电子检务、实验室、机要通道、档案数字化系统运行维护费" in names
    assert procurement.rows[0].cells == [
        "采购品目大类",
        "专项名称",
        "经济科目",
        "采购物品名称",
        "采购组织形式",
        "总计",
    ]
    summary = table_titled(document, "收支预算总表")
    assert summary.rows[5].cells == [
        "2.政府性基金预算",
        "",
        "三、国防支出",
        "",
        "三、单位预留机动经费",
        "3,990.40",
    ]


def test_joining_wrapped_lines() -> None:
    assert join_wrapped(["2,980.9", "0"]) == "2,980.90"
    assert join_wrapped(["4,696.5", "4"]) == "4,696.54"
    assert join_wrapped(["机关事业单位基本养老保险", "缴费"]) == "机关事业单位基本养老保险缴费"
    assert join_wrapped(["台式计算机（20", "万以下）"]) == "台式计算机（20万以下）"
    assert join_wrapped(["Office", "supplies"]) == "Office supplies"
    assert join_wrapped(["", " 合计 ", ""]) == "合计"


# -- sparse grids --------------------------------------------------------------------------------


def test_word_exported_tables_are_read_as_printed() -> None:
    summary = table_titled(real(JIANCHAYUAN), "收支预算总表")
    assert len(summary.rows[0].cells) == 6
    for column in range(6):
        assert any(row.cells[column] for row in summary.rows)
    assert summary.rows[2].cells == ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"]
    assert summary.rows[3].cells == [
        "一、财政拨款",
        "24,169.74",
        "一、一般公共服务支出",
        "",
        "一、基本支出",
        "15,844.04",
    ]
    assert summary.rows[-1].cells == ["收入合计", "24,169.74", "支出合计", "", "", "24,169.74"]


def test_sparse_grid_is_compacted() -> None:
    """Taking Word's white cell backgrounds as rules gives a grid of 21 columns, 87% empty."""
    path = require_shared(REAL / JIANCHAYUAN)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[13]
        table = page.find_tables()[0]
        grid = build_grid(table.cells, page.chars, 14)
    assert grid is not None
    assert grid.columns >= 20
    assert sum(1 for cell in grid.cells if not cell.text) / len(grid.cells) > 0.8
    assert grid.captions == ["收支预算总表", "部门： 江苏省人民检察院 单位：万元"]
    rows = grid_rows(grid)
    assert {len(row.cells) for row in rows} == {6}
    texts = [row.cells for row in rows]
    assert ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"] in texts
    assert ["一、财政拨款", "24,169.74", "一、一般公共服务支出", "", "一、基本支出", "15,844.04"] in texts
    assert ["收入合计", "24,169.74", "支出合计", "", "", "24,169.74"] in texts
    # words Word wrapped into rows of their own are joined to the cell above
    firsts = [row.cells[0] for row in rows]
    assert "2.政府性基金预算" in firsts and "二、财政专户管理资金" in firsts
    for row in rows:
        boxes = [box for box in row.bboxes or [] if box is not None]
        assert all(box[0] < box[2] for box in boxes)
        assert [box[0] for box in boxes] == sorted(box[0] for box in boxes)


def _cell(
    text: str, row: int, column: int, width: int = 1, height: int = 1, last_x1: float = 0.0
) -> GridCell:
    box = (column * 50.0, row * 20.0, (column + width) * 50.0, (row + height) * 20.0)
    return GridCell(text, box, row, row + height, column, column + width, last_x1 or box[0] + 10.0, 10.0)


def _grid(cells: list[GridCell], rows: int, columns: int) -> Grid:
    return Grid(
        1, (0.0, 0.0, columns * 50.0, rows * 20.0), [c * 50.0 for c in range(columns + 1)], [1] * rows, cells
    )


def test_compaction_merges_complementary_columns_and_unites_boxes() -> None:
    cells = [
        _cell("项目", 0, 0, width=2),
        _cell("金额", 0, 2, width=2),
        _cell("办公费", 1, 0),
        _cell("", 1, 1),
        _cell("", 1, 2),
        _cell("1,000.00", 1, 3),
        _cell("", 2, 0),
        _cell("水费", 2, 1),
        _cell("20.00", 2, 2),
        _cell("", 2, 3),
        _cell("", 3, 0, width=4),
    ]
    rows = grid_rows(_grid(cells, 4, 4))
    assert [row.cells for row in rows] == [["项目", "金额"], ["办公费", "1,000.00"], ["水费", "20.00"]]
    assert rows[1].bboxes == [(0.0, 20.0, 100.0, 40.0), (100.0, 20.0, 200.0, 40.0)]


def test_header_cells_are_filled_but_amounts_never() -> None:
    cells = [
        _cell("科目名称", 0, 0, height=2),
        _cell("支出", 0, 1, width=2),
        _cell("基本支出", 1, 1),
        _cell("项目支出", 1, 2),
        _cell("合计", 2, 0),
        _cell("30.00", 2, 1, width=2),
    ]
    rows = grid_rows(_grid(cells, 3, 3))
    assert [row.cells for row in rows] == [
        ["科目名称", "支出", "支出"],
        ["科目名称", "基本支出", "项目支出"],
        ["合计", "30.00", ""],
    ]


def test_wrapped_fragment_rows_are_merged() -> None:
    cells = [
        _cell("项目", 0, 0),
        _cell("金额", 0, 1),
        _cell("2.政府性基金预", 1, 0, last_x1=48.0),
        _cell("4,696.5", 1, 1, last_x1=98.0),
        _cell("算", 2, 0),
        _cell("4", 2, 1),
        _cell("三、其他资金", 3, 0, last_x1=48.0),
        _cell("", 3, 1),
        _cell("四、结转", 4, 0),
        _cell("", 4, 1),
    ]
    rows = grid_rows(_grid(cells, 5, 2))
    assert [row.cells for row in rows] == [
        ["项目", "金额"],
        ["2.政府性基金预算", "4,696.54"],
        ["三、其他资金", ""],
        ["四、结转", ""],
    ]
    assert rows[1].bboxes is not None and rows[1].bboxes[0] == (0.0, 20.0, 50.0, 60.0)


# -- narrative and order -------------------------------------------------------------------------


def test_narrative_lines_in_reading_order() -> None:
    document = real(CAIZHENG)
    texts = [paragraph.text for paragraph in document.paragraphs()]
    # the amounts are printed a few points below the line they belong to
    assert "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要" in texts
    assert not any(text.strip().isdigit() for text in texts)  # page numbers are left out
    pages = [block.page or 0 for block in document.blocks]
    assert pages == sorted(pages)
    first = document.blocks.index(document.tables()[1])
    assert [block.text for block in document.blocks[first - 2 : first] if isinstance(block, Paragraph)] == [
        "收入支出决算总表",
        "单位：万元",
    ]
    contents = [paragraph.text for paragraph in real(WANLI).paragraphs() if paragraph.page == 2]
    assert contents and not any("……" in text for text in contents)  # leader lines of the contents


def test_header_rows_read_in_full_and_totals_stay_data() -> None:
    fund = table_titled(real(ZFBAN), "2025年预算单位政府性基金预算支出功能分类预算表")
    assert [row.cells for row in fund.rows] == [
        ["项目", "项目", "项目", "项目", "政府性基金预算支出", "政府性基金预算支出", "政府性基金预算支出"],
        ["功能分类科目编码"] * 3 + ["功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "", "", "", "", ""],
    ]
    three_public = table_titled(real(WANLI), "部门“三公”经费和机关运行经费预算表")
    header = ["合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费", "2024年机关运行经费预算数"]
    assert three_public.rows[-2].cells == header
    assert three_public.rows[-1].cells == ["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"]


def test_text_printed_off_the_page_is_ignored() -> None:
    table = table_titled(real(JIANCHAYUAN), "一般公共预算机关运行经费支出预算表")
    assert table.captions[-1] == "部门名称： 江苏省人民检察院 单位：万元"


def test_trailing_paragraphs_follow_the_table() -> None:
    document = real(JIANCHAYUAN)
    table = table_titled(document, "一般公共预算机关运行经费支出预算表")
    assert len(table.trailing) == 2
    assert table.trailing[0].text.startswith("注：1.“机关运行经费”指行政单位")


def test_a_label_at_the_foot_of_a_page_captions_the_next_table() -> None:
    table = table_titled(real(JIANCHAYUAN), "财政拨款收支预算总表")
    assert table.page == 16
    assert table.captions[0] == "公开04表"


def test_narrative_and_tables_published_as_two_files() -> None:
    narrative = real(RENDA)
    assert not narrative.tables()
    assert any("18330.37万元" in compact(paragraph.text) for paragraph in narrative.paragraphs())
    tables = real(RENDA_TABLES).tables()
    assert tables[0].captions == ["收支预算总表", "公开表一", "部门： 江苏省人大常委会办公厅 单位：万元"]


# -- bad input ------------------------------------------------------------------------------------


def _pdf_with(objects: list[bytes]) -> bytes:
    """A minimal PDF file holding ``objects`` (object 1 is the catalogue), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _reason(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.document == path.name
    return caught.value


def test_truncated_pdf(tmp_path: Path) -> None:
    data = require_shared(REAL / WANLI).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in _reason(path).reason


def test_garbage_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"\x89PNG not a document at all " * 40)
    assert "not a PDF" in _reason(path).reason


def test_corrupt_pdf_names_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n9999\n%%EOF\n")
    assert "corrupt" in _reason(path).reason


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(
        _pdf_with([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    )
    assert _reason(path).reason == "the PDF has no pages"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    drawing = b"0 0 0 rg 100 100 300 500 re f"
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        _pdf_with(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing),
            ]
        )
    )
    assert _reason(path).reason.startswith("no text layer (scanned?)")


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdfencrypt = pytest.importorskip("reportlab.lib.pdfencrypt")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    buffer = io.BytesIO()
    secret = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128)
    page = canvas.Canvas(buffer, encrypt=secret)
    page.drawString(100, 700, "2024 budget")
    page.showPage()
    page.save()
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue())
    assert _reason(path).reason == "encrypted PDF: a password is needed to open it"


def test_indentation_of_names_printed_by_level() -> None:
    """Hangzhou prints no codes, only names indented under their parents: 类 / 款 / 项."""
    document = real("ZJ_hangzhou_qxj_2026_dept_budget.pdf")
    table = table_titled(document, "表5：2026年市级部门一般公共预算支出预算表")
    indents = {
        row.cells[0]: round(row.indents[0], 1)
        for row in table.rows
        if row.indents
        and row.indents[0] is not None
        and row.cells[0] in ("科学技术支出", "技术研究与开发", "科技成果转化与扩散")
    }
    assert indents == {"科学技术支出": 5.4, "技术研究与开发": 15.4, "科技成果转化与扩散": 25.4}
