"""Notes printed with a table that declare it empty, and the words that do not."""

from __future__ import annotations

from budgetkg.interpret.empty import note_under, statement_in_place_of
from budgetkg.layout import Paragraph, Row, Table
from budgetkg.recognise import TypedTable

FIGURES = Row(["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"])


def typed(kind: str, note: str, rows: list[Row] | None = None) -> TypedTable:
    table = Table(rows or [FIGURES], trailing=[Paragraph(note), Paragraph("其他相关情况说明")])
    return TypedTable(kind, "表", "万元", table, None)


def test_a_note_calling_the_table_empty_is_kept_whatever_the_kind() -> None:
    note = "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"
    assert note_under(typed("three-public", note)) == note
    assert note_under(typed("general-by-function", "注：本表无数据。")) == "注：本表无数据。"


def test_a_note_that_there_is_none_of_the_tables_own_fund_is_kept() -> None:
    note = "本单位没有使用政府性基金预算拨款安排的支出"
    assert note_under(typed("government-fund", note)) == note
    assert note_under(typed("procurement", "注：本单位无政府采购预算")) == "注：本单位无政府采购预算"


def test_notes_about_part_of_a_table_or_indicator_values_are_not_kept() -> None:
    # The running costs of a three-public table are not covered by "no three public expenses".
    assert note_under(typed("three-public", "注：本单位无“三公”经费预算")) is None
    assert note_under(typed("project-performance", "", [Row(["满意度", "无异议"]), Row(["无"])])) is None
    assert note_under(typed("government-fund", "注：本单位无政府性基金预算，" + "说明" * 40)) is None


def test_a_table_without_rows_may_be_replaced_by_the_narrative() -> None:
    empty = typed("state-capital", "", [Row(["合计", ""])])
    narrative = ["五、国有资本经营预算支出情况说明", "我单位2024年无国有资本经营预算安排的支出。"]
    assert statement_in_place_of(empty, narrative) == "我单位2024年无国有资本经营预算安排的支出。"
    assert statement_in_place_of(empty, ["三公经费"]) is None


def test_a_fund_stated_as_zero_in_the_narrative_stands_in_for_its_empty_tables() -> None:
    # Shanghai's unit budgets print the fund tables with a header only and say, in the narrative,
    # that the appropriation spending of both funds is zero.
    sentence = (
        "财政拨款支出预算中，一般公共预算拨款支出预算2,114万元；"
        "政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。"
    )
    assert statement_in_place_of(typed("government-fund", "", [Row(["合计", ""])]), [sentence]) == (
        "政府性基金拨款支出预算为0"
    )
    assert statement_in_place_of(typed("state-capital", "", [Row(["合计", ""])]), [sentence]) == (
        "国有资本经营预算拨款支出预算为0"
    )
    # A zero followed by decimals is an amount, and other funds say nothing about this one.
    assert (
        statement_in_place_of(
            typed("government-fund", "", [Row(["合计", ""])]), ["政府性基金拨款支出预算为0.5万元"]
        )
        is None
    )
    assert (
        statement_in_place_of(typed("state-capital", "", [Row(["合计", ""])]), ["政府性基金拨款支出预算为0"])
        is None
    )


def test_a_note_saying_there_are_no_notes_and_a_place_name_are_not_empty_statements() -> None:
    header_only = [Row(["合计", ""])]
    assert statement_in_place_of(typed("general-basic-by-economic", "注：无。", header_only), []) is None
    assert statement_in_place_of(typed("projects", "备注：无", header_only), []) is None
    assert (
        statement_in_place_of(typed("procurement", "无锡市统计局2026年度部门预算公开", header_only), [])
        is None
    )
    # A note that says what there is none of still counts.
    assert statement_in_place_of(typed("procurement", "注：本部门无政府采购预算。", header_only), []) == (
        "注：本部门无政府采购预算。"
    )
