"""The evidence of the findings: the figures a rule computed from, written alike by every engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.store import EmbeddedStore
from budgetkg.validate import (
    Finding,
    ValidationResult,
    canonical_message,
    validate_store,
)
from budgetkg.validate.evidence import LIST_LENGTH
from budgetkg.validate.results import message_language
from tests.real_build import RealBuild

TABLE_RULES = ("arith.", "consistency.", "completeness.")
# Rules that state no evidence yet.
PENDING: set[str] = set()


@pytest.fixture(scope="module")
def results(seed_store: EmbeddedStore, real: RealBuild) -> dict[str, ValidationResult]:
    """The findings of the seeds and of the real documents."""
    return {"seeds": validate_store(seed_store), "real": validate_store(real.store)}


def _one(result: ValidationResult, rule: str, document: str, page: int | None = None) -> Finding:
    found = [f for f in result.findings if f.rule_id == rule and f.document == document and f.page == page]
    assert len(found) == 1, [(f.rule_id, f.document, f.page) for f in result.findings if f.rule_id == rule]
    return found[0]


def _parts(listed: str) -> dict[str, Decimal | None]:
    """The items of a sum (``code amount + code withheld``) by name, with their amounts."""
    parts: dict[str, Decimal | None] = {}
    for item in listed.split(" + "):
        name, amount = item.rsplit(" ", 1)
        parts[name] = None if amount == "withheld" else Decimal(amount)
    return parts


def test_listed_items_are_sorted_unmarked_and_their_decimals_canonical() -> None:
    message = "(expected 3; found 2; from 合计 2.50 ≠ ⟦30202 1.500⟧ + ⟦30201 1.0⟧ + ⟦⟧; tables ⟦b⟧, ⟦a⟧)."
    written = "(expected 3; found 2; from 合计 2.5 ≠ 30201 1 + 30202 1.5; tables a, b)."
    assert canonical_message(message) == written


def test_a_list_without_items_reads_none_and_a_long_one_is_cut_short() -> None:
    assert canonical_message("from x ≠ ⟦⟧ + ⟦⟧)") == "from x ≠ none)"
    items = " + ".join(f"⟦{code} 1.25⟧" for code in range(10000, 10100))
    cut = canonical_message(f"from 合计 125 ≠ {items})")
    assert cut.startswith("from 合计 125 ≠ 10000 1.25 + 10001 1.25 + ")
    assert cut.endswith(" + …)")
    assert len(cut) <= len("from 合计 125 ≠ ") + LIST_LENGTH + len(" + …)")


# The rules each corpus has findings of, at least.
RULES_FOUND = {
    "seeds": {"arith.withheld-projects", "completeness.income-summary", "consistency.cited-function-code"},
    "real": {
        "arith.code-hierarchy",
        "arith.table-total",
        "completeness.required-tables",
        "consistency.empty-table-statement",
    },
}


@pytest.mark.parametrize("corpus", sorted(RULES_FOUND))
def test_every_table_rule_finding_states_its_evidence(
    results: dict[str, ValidationResult], corpus: str
) -> None:
    checked = [
        f for f in results[corpus].findings if f.rule_id.startswith(TABLE_RULES) and f.rule_id not in PENDING
    ]
    assert {f.rule_id for f in checked} >= RULES_FOUND[corpus]
    for finding in checked:
        assert finding.evidence, finding
        assert "⟦" not in finding.evidence and "{?" not in finding.evidence, finding
        assert finding.evidence in finding.message_en and finding.evidence in finding.message_zh, finding


def test_withheld_projects_name_the_disclosed_and_the_withheld(results: dict[str, ValidationResult]) -> None:
    finding = _one(results["seeds"], "arith.withheld-projects", "000_3507bccae03dd461.txt")
    assert finding.evidence is not None
    head, listed = finding.evidence.split(" = ", 1)
    assert head == "合计 4077.18 vs disclosed projects 3515.54"
    parts = _parts(listed)
    assert sorted(name for name, amount in parts.items() if amount is None) == [
        "610工作经费",
        "严重精神障碍患者救治救助",
        "人民防线工作经费",
        "扫黑除恶专项斗争经费",
        "维稳工作经费",
    ]
    assert parts["社区安保人员经费"] == Decimal("2901.98")
    assert sum(amount for amount in parts.values() if amount is not None) == Decimal("3515.54")


def test_a_code_level_finding_lists_the_items_of_its_class(results: dict[str, ValidationResult]) -> None:
    finding = _one(results["real"], "arith.code-hierarchy", "SH_putuo_caizheng_2024_final.pdf", 16)
    assert finding.evidence is not None
    head, listed = finding.evidence.split(" ≠ ", 1)
    assert head == "302 商品和服务支出 171.07"
    parts = _parts(listed)
    assert len(parts) == 12
    assert sorted(parts) == [f"302{item:02d}" for item in (1, 2, 4, 7, 11, 13, 16, 26, 28, 29, 39, 99)]
    assert parts["30201"] == Decimal("21.21") and parts["30229"] == Decimal("42.77")
    assert sum(amount for amount in parts.values() if amount is not None) == Decimal("171.09")


def test_a_table_declared_empty_quotes_its_statement_and_the_amount(
    results: dict[str, ValidationResult],
) -> None:
    document = "SH_putuo_wanli_jiedao_2024_dept_budget.pdf"
    finding = _one(results["real"], "consistency.empty-table-statement", document, 31)
    assert finding.evidence == (
        "部门“三公”经费和机关运行经费预算表 p.31 says “注:本部门2024年无“三公”经费和机关运行经费预算，"
        "故本表为空表。” yet prints “三公”经费合计 47.91"
    )


def test_a_required_table_finding_names_the_tables_the_document_holds(
    results: dict[str, ValidationResult],
) -> None:
    document = "GD_shenzhen_mzj_2026_dept_budget.pdf"
    found = [
        f
        for f in results["real"].findings
        if f.rule_id == "completeness.required-tables" and f.document == document
    ]
    assert [f.expected for f in found] == ["一般公共预算基本支出表"]
    assert found[0].evidence is not None
    held = found[0].evidence.removeprefix("tables of the document: ").split(", ")
    assert "收支预算总表 p.16" in held and "一般公共预算支出表（经济科目） p.30" in held
    assert len(held) == 12


def test_a_chinese_message_quoting_a_long_english_reason_stays_chinese() -> None:
    quoted = "corrupt PDF: TypeError: 'NoneType' object is not iterable"
    assert message_language(f"该页无法读取，已略过（应为 可读取的页面；实为 {quoted}）。", None) == "zh"
    english = f"The page could not be read (expected readable page; found {quoted})."
    assert message_language(english, None) == "en"
