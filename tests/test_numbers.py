"""Printed numbers and targets are read exactly, as Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.numbers import NumberFormatError, parse_amount, parse_target, to_wanyuan


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("89, 052.55", Decimal("89052.55")),
        ("4,696.54", Decimal("4696.54")),
        ("1.6万元", Decimal("1.6")),
        ("10万", Decimal("10")),
        ("2.250000", Decimal("2.250000")),
        ("30.00", Decimal("30.00")),
        ("", None),
        ("——", None),
    ],
)
def test_amounts_are_exact(printed: str, value: Decimal | None) -> None:
    assert parse_amount(printed) == value


def test_text_is_not_an_amount() -> None:
    with pytest.raises(NumberFormatError):
        parse_amount("一般公共预算")


def test_units_normalise_to_wanyuan_exactly() -> None:
    assert to_wanyuan(Decimal("12345"), "元") == Decimal("1.2345")
    assert to_wanyuan(Decimal("1.5"), "亿元") == Decimal("15000")
    assert to_wanyuan(Decimal("1.5"), "万元") == Decimal("1.5")


@pytest.mark.parametrize(
    ("printed", "comparator", "value", "upper", "unit"),
    [
        ("≥90%", "≥", "90", None, "%"),
        ("≤15个工作日", "≤", "15", None, "个工作日"),
        ("97%-100%", "range", "97", "100", "%"),
        ("-100%", "=", "-100", None, "%"),
        ("2次", "=", "2", None, "次"),
        ("≧100%", "≥", "100", None, "%"),
        ("120元/月/部", "=", "120", None, "元/月/部"),
        ("≤规定时间", "≤", None, None, None),
        ("提升", None, None, None, None),
        ("2024年12月31日前开展到位", None, None, None, None),
        ("测评满意度≥90%", None, None, None, None),
    ],
)
def test_targets_parse_into_comparator_value_unit(
    printed: str, comparator: str | None, value: str | None, upper: str | None, unit: str | None
) -> None:
    target = parse_target(printed)
    assert target.text == printed
    assert target.comparator == comparator
    assert target.value == (Decimal(value) if value else None)
    assert target.upper == (Decimal(upper) if upper else None)
    assert target.unit == unit
