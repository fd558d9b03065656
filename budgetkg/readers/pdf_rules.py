"""Rules a page break leaves out: a table continued on a new page may start without its top rule
(or stop without its bottom rule), while its column rules still run up (or down) to where its
first (or last) row is printed. Such a row would be lost between the rules; a horizontal rule is
drawn where the column rules end, so that the row is a row of the table again."""

from __future__ import annotations

from collections.abc import Sequence

from budgetkg.readers.pdf_text import PdfObject

_THIN = 2.0
"""A rule is at most this thick (points)."""
_TOLERANCE = 1.0
"""Rule ends closer than this (points) are one end."""


def _x0(graphic: PdfObject) -> float:
    return float(graphic["x0"])


def _x1(graphic: PdfObject) -> float:
    return float(graphic["x1"])


def _is_vertical(graphic: PdfObject) -> bool:
    return _x1(graphic) - _x0(graphic) <= _THIN < float(graphic["bottom"]) - float(graphic["top"])


def _horizontal_spans(graphics: Sequence[PdfObject]) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of every horizontal rule, the top and bottom sides of boxes included."""
    spans: list[tuple[float, float, float]] = []
    for graphic in graphics:
        if _x1(graphic) - _x0(graphic) <= _THIN:
            continue
        top, bottom = float(graphic["top"]), float(graphic["bottom"])
        ends = (top,) if bottom - top <= _THIN else (top, bottom)
        spans.extend((y, _x0(graphic), _x1(graphic)) for y in ends)
    return spans


def closing_rules(graphics: Sequence[PdfObject]) -> list[PdfObject]:
    """Horizontal edges where two or more column rules end together and no horizontal rule does."""
    verticals = _joined([graphic for graphic in graphics if _is_vertical(graphic)])
    horizontals = _horizontal_spans(graphics)
    added: list[PdfObject] = []
    for end in ("top", "bottom"):
        for y, group in _ends(verticals, end):
            x0, x1 = min(_x0(rule) for rule in group), max(_x1(rule) for rule in group)
            closed = any(
                abs(rule_y - y) <= _THIN and rule_x0 < x1 and rule_x1 > x0
                for rule_y, rule_x0, rule_x1 in horizontals
            )
            if len(group) >= 2 and not closed:
                added.append(_edge(y, x0, x1))
    return added


def _joined(verticals: list[PdfObject]) -> Sequence[PdfObject]:
    """Column rules drawn in pieces (one per cell) joined into whole rules."""
    joined: list[dict[str, float]] = []
    for rule in sorted(verticals, key=lambda graphic: (round(_x0(graphic)), float(graphic["top"]))):
        x0, top, bottom = _x0(rule), float(rule["top"]), float(rule["bottom"])
        last = joined[-1] if joined else None
        if last and abs(last["x0"] - x0) <= _TOLERANCE and top - last["bottom"] <= _TOLERANCE:
            last["bottom"] = max(last["bottom"], bottom)
        else:
            joined.append({"x0": x0, "x1": _x1(rule), "top": top, "bottom": bottom})
    return joined


def _ends(verticals: Sequence[PdfObject], end: str) -> list[tuple[float, list[PdfObject]]]:
    """The column rules grouped by where they end (top or bottom)."""
    groups: list[tuple[float, list[PdfObject]]] = []
    for rule in sorted(verticals, key=lambda graphic: float(graphic[end])):
        y = float(rule[end])
        if groups and y - groups[-1][0] <= _TOLERANCE:
            groups[-1][1].append(rule)
        else:
            groups.append((y, [rule]))
    return groups


def _edge(y: float, x0: float, x1: float) -> PdfObject:
    return {
        "object_type": "h_edge",
        "orientation": "h",
        "x0": x0,
        "x1": x1,
        "width": x1 - x0,
        "top": y,
        "bottom": y,
        "height": 0.0,
    }
