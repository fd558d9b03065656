"""The narrative rules on the shared documents: each finding is an error the document prints, as read
by hand (tests/expected/real/<document>/NOTES.md), and carries the figures it was computed from."""

from __future__ import annotations

import pytest

from budgetkg.store import EmbeddedStore
from budgetkg.validate import ValidationResult, validate_store
from tests.real_build import RealBuild

Row = tuple[str, str, int | None, int | None, str | None, str | None]


def _narrative(result: ValidationResult) -> list[Row]:
    return sorted(
        (finding.document, finding.rule_id, finding.page, finding.line, finding.expected, finding.found)
        for finding in result.findings
        if finding.rule_id.startswith("narrative.")
    )


@pytest.fixture(scope="module")
def real_result(real: RealBuild) -> ValidationResult:
    return validate_store(real.store, cross_document=False)


def _evidence(result: ValidationResult, document: str, rule: str) -> list[str | None]:
    return [f.evidence for f in result.findings if f.document == document and f.rule_id == rule]


def test_narrative_findings_on_the_real_documents(real_result: ValidationResult) -> None:
    found = [
        (document, rule, page, expected, value)
        for document, rule, page, _, expected, value in _narrative(real_result)
    ]
    assert found == sorted(
        [
            # 财政拨款收支总预算 18,728.91 where 表4 prints 18728.94
            ("CN_central_gjxfj_2026_dept_budget.pdf", "narrative.total", 18, "18728.94", "18728.91"),
            # 2014099 3623.98 said to be 22.00% of 部门支出总额 50616.94
            ("CN_central_gjxfj_2026_dept_budget.pdf", "narrative.share", 19, "7.16", "22"),
            # 委托业务费 1391.68, up 333.83, “31.35%”
            ("CN_central_gjxfj_2026_dept_budget.pdf", "narrative.change-percent", 25, "31.56", "31.35"),
            # 授予小微企业 7295.12 said to be 60.02% of 12127.08
            ("CQ_beibei_swu_2024_final.pdf", "narrative.share", 19, "60.16", "60.02"),
            # 增长 0% from a base of 0 (一般公共预算财政拨款支出, 机关运行经费)
            ("GD_foshan_gdjtj_2019_final.pdf", "narrative.change-base", 26, "no percentage", "0"),
            ("GD_foshan_gdjtj_2019_final.pdf", "narrative.change-base", 27, "no percentage", "0"),
            # 一般公共服务支出 2106.66 said to be 71.73% of 2940.05 (the four shares add up to 100.07)
            ("SH_putuo_caizheng_2024_final.pdf", "narrative.share", 21, "71.65", "71.73"),
        ]
    )
    assert _evidence(real_result, "GD_foshan_gdjtj_2019_final.pdf", "narrative.change-base") == [
        "amount 1668.14 - change 1668.14 = base 0, percentage 0 printed",
        "amount 97.19 - change 97.19 = base 0, percentage 0 printed",
    ]


def test_no_running_costs_finding_where_units_of_other_kinds_share_the_public_use_costs(
    real_result: ValidationResult,
) -> None:
    """Beijing (1158.60 of 2081.61) and Chongqing (5590.43 of 15052.63) state the running costs of
    their administrative units alone."""
    assert not [f for f in real_result.findings if f.rule_id == "narrative.running-costs"]


def test_the_wrong_percentage_of_a_seed_shows_how_it_was_computed(seed_store: EmbeddedStore) -> None:
    result = validate_store(seed_store, cross_document=False)
    rows = _narrative(result)
    assert [row[1:] for row in rows] == [
        ("narrative.change-percent", None, line, "-16.3", "-20") for line in (111, 115, 119)
    ]
    assert set(_evidence(result, "003_43945480f961a537.txt", "narrative.change-percent")) == {
        "change -171.02 / (amount 877.92 - change -171.02 = base 1048.94) × 100 = -16.3"
    }
