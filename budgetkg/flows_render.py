"""Rendering of budget fund-flow graphs: Sankey HTML page, GraphML export, grouping of small flows.

The flow graph itself is built elsewhere.  This module only expects a ``networkx.DiGraph`` where

* every node has ``label`` (Chinese display name), ``kind`` (one of :data:`NODE_KINDS`) and
  ``column`` (the Sankey column, 0 = left-most);
* every edge has ``amount`` (a :class:`decimal.Decimal`, normally in 万元) and ``inferred``
  (``True`` when the link is not stated by a table but inferred).

The Sankey layout is computed here in Python and written out as inline SVG, so the resulting page
is a single self-contained file: no scripts, styles, fonts or images are loaded from anywhere.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = [
    "KIND_COLOURS",
    "KIND_NAMES",
    "NODE_KINDS",
    "OTHER_LABEL",
    "group_small_flows",
    "render_sankey_html",
    "to_plain_amount",
    "write_graphml",
]

NODE_KINDS: tuple[str, ...] = ("fund", "department", "unit", "function", "spending", "project")

#: Display names of node kinds, used in the legend and in node tooltips.
KIND_NAMES: dict[str, str] = {
    "fund": "资金来源",
    "department": "部门",
    "unit": "单位",
    "function": "功能分类科目",
    "spending": "支出类型",
    "project": "项目",
}

#: Node colours by kind (a colour-blind friendly palette).
KIND_COLOURS: dict[str, str] = {
    "fund": "#0072B2",
    "department": "#D55E00",
    "unit": "#E69F00",
    "function": "#009E73",
    "spending": "#CC79A7",
    "project": "#3A9BD9",
}
_FALLBACK_COLOUR = "#8C8C8C"

#: Label of the node that collects merged small flows (see :func:`group_small_flows`).
OTHER_LABEL = "其他"

_FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
_CENT = Decimal("0.01")


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def to_plain_amount(value: Decimal) -> str:
    """Format an amount for display: thousands separators and exactly two decimals.

    Rounds half up (the usual convention in budget tables): ``Decimal("1234.565")`` gives
    ``"1,234.57"``.  Negative zero is shown as ``"0.00"``.  Non-finite values raise ``ValueError``.
    """
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    if not value.is_finite():
        raise ValueError(f"cannot format non-finite amount {value!r}")
    quantized = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if quantized.is_zero():
        quantized = Decimal("0.00")
    return f"{quantized:,.2f}"


def _to_decimal(raw: object) -> Decimal:
    """Best-effort conversion of an ``amount`` attribute to Decimal (missing or invalid -> 0)."""
    if isinstance(raw, Decimal):
        return raw
    if raw is None or isinstance(raw, bool):
        return Decimal(0)
    try:
        return Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        return Decimal(0)


def _edge_amount(data: Mapping[str, Any]) -> Decimal:
    return _to_decimal(data.get("amount"))


def _edge_inferred(data: Mapping[str, Any]) -> bool:
    raw = data.get("inferred", False)
    if isinstance(raw, str):
        return raw.strip().lower() in {"true", "1", "yes"}
    return bool(raw)


def _node_label(graph: nx.DiGraph, node: Hashable) -> str:
    label = graph.nodes[node].get("label")
    return str(label) if label not in (None, "") else str(node)


def _node_kind(graph: nx.DiGraph, node: Hashable) -> str:
    return str(graph.nodes[node].get("kind", ""))


def _node_column(graph: nx.DiGraph, node: Hashable) -> int:
    raw = graph.nodes[node].get("column", 0)
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def _node_sort_key(graph: nx.DiGraph, node: Hashable) -> tuple[int, str, str]:
    return (_node_column(graph, node), _node_label(graph, node), str(node))


def _sorted_nodes(graph: nx.DiGraph, nodes: Iterable[Hashable] | None = None) -> list[Hashable]:
    pool = list(graph.nodes) if nodes is None else list(nodes)
    return sorted(pool, key=lambda n: _node_sort_key(graph, n))


def _decimal_sum(values: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total += value
    return total


# --------------------------------------------------------------------------------------------------
# Grouping of small flows
# --------------------------------------------------------------------------------------------------


def group_small_flows(graph: nx.DiGraph, min_share: Decimal = Decimal("0.01")) -> nx.DiGraph:
    """Return a copy of ``graph`` in which each node's tiny outgoing flows are merged into "其他".

    For every source node (looked at in the *input* graph, in a fixed order), the outgoing edges whose
    amount is below ``min_share`` × (that node's total outflow) are "small".  Small edges are grouped
    by the ``(kind, column)`` of their targets; every group of two or more edges is replaced by one
    edge to a new node labelled ``"其他 (N 项)"`` with the same kind and column as the merged targets.
    A lone small edge is kept as it is (an "其他 (1 项)" node would only hide a name).

    The merged edge carries the exact Decimal sum of the amounts, so each source's total outflow is
    unchanged; it is ``inferred`` if any merged edge was, and records ``merged_count``.  The new node
    records ``members`` (the merged targets' labels joined by "、") and ``merged_count``.

    Afterwards, nodes that had incoming flows in the input but have none left (typically the merged
    targets) are removed together with their outgoing edges; this is repeated until nothing more
    changes, so whatever only hung below a merged node disappears as well.  Merged targets that still
    receive money from another source stay, with their own outgoing edges.  Nodes that never had
    incoming flows (the left-most sources) are never removed.

    The input graph is not modified.  Nothing is merged when ``min_share`` is 0.
    """
    if not isinstance(min_share, Decimal):
        min_share = Decimal(str(min_share))
    if not (Decimal(0) <= min_share < Decimal(1)):
        raise ValueError(f"min_share must be in [0, 1), got {min_share}")

    result = graph.copy()
    had_inflow: set[Hashable] = {n for n in graph.nodes if graph.in_degree(n) > 0}

    for source in _sorted_nodes(graph):
        outgoing = [
            (target, _edge_amount(data), _edge_inferred(data)) for target, data in graph.succ[source].items()
        ]
        total = _decimal_sum(amount for _, amount, _ in outgoing)
        if total <= 0:
            continue
        threshold = min_share * total
        groups: dict[tuple[str, int], list[tuple[Hashable, Decimal, bool]]] = {}
        for target, amount, inferred in outgoing:
            if amount < threshold:
                key = (_node_kind(graph, target), _node_column(graph, target))
                groups.setdefault(key, []).append((target, amount, inferred))

        for (kind, column), members in sorted(groups.items()):
            if len(members) < 2:
                continue
            members.sort(key=lambda m: (-m[1], _node_sort_key(graph, m[0])))
            other = _unique_node_id(result, f"{OTHER_LABEL}|{source}|{kind}|{column}")
            result.add_node(
                other,
                label=f"{OTHER_LABEL} ({len(members)} 项)",
                kind=kind,
                column=column,
                members="、".join(_node_label(graph, target) for target, _, _ in members),
                merged_count=len(members),
            )
            result.add_edge(
                source,
                other,
                amount=_decimal_sum(amount for _, amount, _ in members),
                inferred=any(inferred for _, _, inferred in members),
                merged_count=len(members),
            )
            for target, _, _ in members:
                result.remove_edge(source, target)
            had_inflow.add(other)

    while True:
        orphans = [n for n in result.nodes if n in had_inflow and result.in_degree(n) == 0]
        if not orphans:
            break
        result.remove_nodes_from(orphans)
    return result


def _unique_node_id(graph: nx.DiGraph, wanted: str) -> str:
    candidate, counter = wanted, 2
    while candidate in graph:
        candidate = f"{wanted}#{counter}"
        counter += 1
    return candidate


# --------------------------------------------------------------------------------------------------
# Sankey layout
# --------------------------------------------------------------------------------------------------

_NODE_WIDTH = 14.0
_MARGIN_LEFT = 20.0
_MARGIN_TOP = 16.0
_MARGIN_BOTTOM = 20.0
_MARGIN_RIGHT = 20.0
_BASE_HEIGHT = 520.0  # height of the proportional part of the tallest column
_CENTRE_SPAN = 760.0  # columns are vertically centred within this height (or less)
_MIN_RECT = 2.0  # minimum drawn height of a node
_LABEL_SLOT = 32.0  # vertical room needed by a node's two label lines
_NODE_PAD = 8.0  # vertical gap between node slots
_LABEL_GAP = 5.0  # horizontal gap between a node and its label
_MIN_COLUMN_GAP = 110.0  # minimal free space between neighbouring columns
_LINK_ROOM = 56.0  # free space kept for links right of the longest label
_LABEL_FONT = 12.5
_AMOUNT_FONT = 11.0
_MAX_LABEL_EM = 15.0  # longer labels are shortened (the full text stays in the tooltip)


@dataclass
class _NodeBox:
    node: Hashable
    index: int
    label: str
    kind: str
    column: int
    inflow: Decimal
    outflow: Decimal
    value: Decimal
    x: float = 0.0
    y: float = 0.0  # top of the drawn rectangle
    height: float = 0.0
    slot_top: float = 0.0
    slot_height: float = 0.0
    order: int = 0
    out_cursor: float = 0.0
    in_cursor: float = 0.0
    shown_label: str = ""
    label_width: float = 0.0
    extra: list[str] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return self.y + self.height / 2


@dataclass
class _LinkBand:
    source: _NodeBox
    target: _NodeBox
    amount: Decimal
    inferred: bool
    width: float = 0.0
    y0: float = 0.0
    y1: float = 0.0


def _text_width(text: str, font_size: float) -> float:
    """Rough rendered width of ``text``: wide (CJK) characters take 1 em, others about 0.6 em."""
    em = 0.0
    for char in text:
        em += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    return em * font_size


def _shorten(text: str, max_em: float) -> str:
    if _text_width(text, 1.0) <= max_em:
        return text
    out, used = [], 0.0
    for char in text:
        width = 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
        if used + width > max_em - 1.0:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


def _layout(graph: nx.DiGraph, unit: str) -> tuple[list[_NodeBox], list[_LinkBand], float, float]:
    """Compute node boxes and link bands; returns them with the drawing's width and height."""
    boxes: dict[Hashable, _NodeBox] = {}
    for index, node in enumerate(_sorted_nodes(graph)):
        inflow = _decimal_sum(max(_edge_amount(d), Decimal(0)) for d in graph.pred[node].values())
        outflow = _decimal_sum(max(_edge_amount(d), Decimal(0)) for d in graph.succ[node].values())
        boxes[node] = _NodeBox(
            node=node,
            index=index,
            label=_node_label(graph, node),
            kind=_node_kind(graph, node),
            column=_node_column(graph, node),
            inflow=inflow,
            outflow=outflow,
            value=max(inflow, outflow),
        )
        members = graph.nodes[node].get("members")
        if members:
            boxes[node].extra.append(f"包括：{members}")

    links: list[_LinkBand] = []
    for source, target, data in graph.edges(data=True):
        links.append(_LinkBand(boxes[source], boxes[target], _edge_amount(data), _edge_inferred(data)))
    links.sort(key=lambda lk: (lk.source.index, lk.target.index))

    columns: dict[int, list[_NodeBox]] = {}
    for box in boxes.values():
        columns.setdefault(box.column, []).append(box)
    column_ids = sorted(columns)

    largest = max((sum(float(b.value) for b in col) for col in columns.values()), default=0.0)
    scale = _BASE_HEIGHT / largest if largest > 0 else 0.0
    for box in boxes.values():
        box.height = max(float(box.value) * scale, _MIN_RECT)
        box.slot_height = max(box.height, _LABEL_SLOT)
        box.shown_label = _shorten(box.label, _MAX_LABEL_EM)
        amount_line = f"{to_plain_amount(box.value)} {unit}"
        box.label_width = max(
            _text_width(box.shown_label, _LABEL_FONT), _text_width(amount_line, _AMOUNT_FONT)
        )

    # Horizontal positions: columns are compacted (empty column numbers leave no gap); each gap is wide
    # enough for the labels written to the right of the previous column plus some room for the links.
    x = _MARGIN_LEFT
    for position, column in enumerate(column_ids):
        for box in columns[column]:
            box.x = x
        label_room = max(b.label_width for b in columns[column]) + _LABEL_GAP
        if position + 1 < len(column_ids):
            x += _NODE_WIDTH + max(_MIN_COLUMN_GAP, label_room + _LINK_ROOM)
        else:
            x += _NODE_WIDTH + label_room
    width = x + _MARGIN_RIGHT

    # Vertical order: the first column by size, later columns by the amount-weighted mean height of
    # the nodes feeding them (keeps bands from crossing), ties and unfed nodes by size, then by name.
    placed: set[Hashable] = set()
    column_heights: dict[int, float] = {}
    for column in column_ids:

        def order_key(box: _NodeBox) -> tuple[float, float, int]:
            weight, moment = 0.0, 0.0
            for src, _, data in graph.in_edges(box.node, data=True):
                if src in placed:
                    amount = max(float(_edge_amount(data)), 0.0)
                    weight += amount
                    moment += amount * boxes[src].centre
            # rounded, so that nodes fed by the same node tie exactly and fall back to the size order
            bary = round(moment / weight, 3) if weight > 0 else math.inf
            return (bary, -float(box.value), box.index)

        members = sorted(columns[column], key=order_key)
        y = 0.0
        for order, box in enumerate(members):
            box.order = order
            box.slot_top = y
            box.y = y + (box.slot_height - box.height) / 2
            y += box.slot_height + _NODE_PAD
        column_heights[column] = y - _NODE_PAD if members else 0.0
        placed.update(b.node for b in members)

    # Columns are centred on each other, but only within the first _CENTRE_SPAN pixels: a very long
    # column (say 150 projects) starts at the top, so the main flows stay on the first screen.
    content_height = max(column_heights.values(), default=0.0)
    centre_span = min(content_height, _CENTRE_SPAN)
    for column in column_ids:
        shift = _MARGIN_TOP + max(0.0, (centre_span - column_heights[column]) / 2)
        for box in columns[column]:
            box.slot_top += shift
            box.y += shift
    height = _MARGIN_TOP + content_height + _MARGIN_BOTTOM

    # Link bands: widths proportional to the amount, stacked at both ends in the order of the node at
    # the other end (top to bottom), so that bands leave and enter without crossing each other.
    for box in boxes.values():
        start = box.y + max(0.0, (box.height - float(box.value) * scale) / 2)
        box.out_cursor = start
        box.in_cursor = start
    for link in links:
        link.width = max(float(link.amount), 0.0) * scale
    for link in sorted(links, key=lambda lk: (lk.source.index, lk.target.y, lk.target.index)):
        link.y0 = link.source.out_cursor
        link.source.out_cursor += link.width
    for link in sorted(links, key=lambda lk: (lk.target.index, lk.source.y, lk.source.index)):
        link.y1 = link.target.in_cursor
        link.target.in_cursor += link.width
    return list(boxes.values()), links, width, height


# --------------------------------------------------------------------------------------------------
# HTML rendering
# --------------------------------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, _FALLBACK_COLOUR)


def _kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind or "未分类")


def _link_text(link: _LinkBand, unit: str) -> str:
    text = f"{link.source.label} → {link.target.label}: {to_plain_amount(link.amount)} {unit}"
    return text + "（推断）" if link.inferred else text


def _band_path(link: _LinkBand) -> str:
    x0 = link.source.x + _NODE_WIDTH
    x1 = link.target.x
    xm = (x0 + x1) / 2
    y0, y1, w = link.y0, link.y1, link.width
    return (
        f"M{_num(x0)},{_num(y0)} C{_num(xm)},{_num(y0)} {_num(xm)},{_num(y1)} {_num(x1)},{_num(y1)} "
        f"L{_num(x1)},{_num(y1 + w)} C{_num(xm)},{_num(y1 + w)} {_num(xm)},{_num(y0 + w)} "
        f"{_num(x0)},{_num(y0 + w)} Z"
    )


_CSS = (
    """
:root { color-scheme: light; }
body { margin: 0; padding: 16px 20px 28px; background: #fff; color: #222;
  font-family: FONT_STACK; font-size: 14px; line-height: 1.5; }
h1 { font-size: 20px; margin: 0 0 4px; font-weight: 600; }
.meta { color: #555; margin: 0 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 6px 0 4px;
  padding: 0; list-style: none; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; }
.line-sample { display: inline-block; width: 34px; height: 0; border-top: 3px solid #888; }
.line-sample.dashed { border-top: 3px dashed #888; opacity: .75; }
.note { color: #555; font-size: 13px; margin: 4px 0 10px; }
.chart { overflow: auto; border-top: 1px solid #e5e5e5; border-bottom: 1px solid #e5e5e5; }
svg.sankey { display: block; font-family: FONT_STACK; }
.link { fill-opacity: .38; stroke-opacity: .45; stroke-width: .6; }
.link.inferred { fill-opacity: .16; stroke-opacity: .9; stroke-width: 1.2; stroke-dasharray: 5 3; }
.link:hover { fill-opacity: .6; }
.link.inferred:hover { fill-opacity: .3; }
svg.hl .link { fill-opacity: .07; stroke-opacity: .12; }
svg.hl .link.on { fill-opacity: .6; stroke-opacity: .9; }
svg.hl .link.inferred.on { fill-opacity: .3; }
.node rect { stroke: #fff; stroke-width: .5; }
.node:focus { outline: none; }
.node:focus rect, .node:hover rect { stroke: #222; stroke-width: 1; }
.node text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.node .name { font-size: LABEL_FONTpx; fill: #1a1a1a; }
.node .amount { font-size: AMOUNT_FONTpx; fill: #555; }
details { margin-top: 14px; }
summary { cursor: pointer; color: #333; }
table { border-collapse: collapse; margin-top: 8px; font-size: 13px; }
th, td { border-bottom: 1px solid #eee; padding: 3px 10px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
""".replace("FONT_STACK", _FONT_STACK)
    .replace("LABEL_FONT", str(_LABEL_FONT))
    .replace("AMOUNT_FONT", str(_AMOUNT_FONT))
)

# Highlights the links of the hovered (or keyboard-focused) node.  The page does not depend on it.
_SCRIPT = """
(function () {
  var svg = document.getElementById("sankey");
  if (!svg || !svg.classList) { return; }
  var links = svg.querySelectorAll(".link");
  function mark(id, on) {
    if (on) { svg.classList.add("hl"); } else { svg.classList.remove("hl"); }
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var hit = on && (link.getAttribute("data-s") === id || link.getAttribute("data-t") === id);
      if (hit) { link.classList.add("on"); } else { link.classList.remove("on"); }
    }
  }
  var nodes = svg.querySelectorAll(".node");
  for (var j = 0; j < nodes.length; j++) {
    (function (node) {
      var id = node.getAttribute("data-n");
      var on = function () { mark(id, true); };
      var off = function () { mark(id, false); };
      node.addEventListener("mouseenter", on);
      node.addEventListener("mouseleave", off);
      node.addEventListener("focus", on);
      node.addEventListener("blur", off);
    })(nodes[j]);
  }
})();
"""


def render_sankey_html(graph: nx.DiGraph, title: str, unit: str = "万元") -> str:
    """Return a complete, self-contained HTML5 page drawing ``graph`` as a Sankey diagram.

    Layout (computed here, drawn as inline SVG): nodes are placed in columns by their ``column``
    attribute (empty column numbers are skipped); a node's height is proportional to its throughput
    max(inflow, outflow), with one scale for the whole drawing; nodes are stacked vertically with
    padding and room for their two label lines (name, amount with ``unit``).  Links are cubic Bézier
    bands whose width is proportional to ``amount``, stacked at both ends by the vertical order of the
    node at the other end.  Inferred links are drawn lighter with a dashed outline.  Every link has a
    tooltip ``"源 → 目标: 1,234.56 万元"`` (with "（推断）" for inferred links); long node names are
    shortened on the drawing but given in full in the node tooltip.

    The page contains a legend of node kinds, a note on dashed links and a collapsible table of all
    flows.  A short inline script highlights the links of the hovered node; everything is readable
    without it.  Nothing is loaded from outside the page.
    """
    boxes, links, width, height = _layout(graph, unit)
    unit_text = str(unit)
    parts: list[str] = []
    add = parts.append

    add("<!DOCTYPE html>")
    add('<html lang="zh-CN">')
    add("<head>")
    add('<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>{_esc(title)}</title>")
    add(f"<style>{_CSS}</style>")
    add("</head>")
    add("<body>")
    add(f"<h1>{_esc(title)}</h1>")
    inferred_count = sum(1 for link in links if link.inferred)
    add(
        f'<p class="meta">节点 {len(boxes)} 个，资金流 {len(links)} 条'
        f"（其中推断 {inferred_count} 条）。金额单位：{_esc(unit_text)}。</p>"
    )

    kinds_present = {box.kind for box in boxes}
    legend_kinds = [k for k in NODE_KINDS if k in kinds_present]
    legend_kinds += sorted(kinds_present - set(NODE_KINDS))
    add('<ul class="legend">')
    for kind in legend_kinds:
        add(
            f'<li><span class="swatch" style="background:{_colour(kind)}"></span>'
            f"{_esc(_kind_name(kind))}</li>"
        )
    add('<li><span class="line-sample"></span>表格列示的资金流</li>')
    add('<li><span class="line-sample dashed"></span>推断的资金流</li>')
    add("</ul>")
    add(
        '<p class="note">虚线、颜色较浅的连线表示推断的资金流向（表格未直接列示，由其他数据推算）。'
        "带宽与金额成正比；节点高度按流入与流出中的较大者计算，节点旁所注金额即为该值。"
        "将鼠标移到连线或节点上可查看详细金额。</p>"
    )

    add('<div class="chart">')
    add(
        f'<svg id="sankey" class="sankey" xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" role="img" '
        f'aria-label="{_esc(title)}">'
    )
    add(f"<title>{_esc(title)}</title>")

    add('<g class="links">')
    for link in links:
        colour = _colour(link.source.kind)
        css = "link inferred" if link.inferred else "link"
        add(
            f'<path class="{css}" data-s="{link.source.index}" data-t="{link.target.index}" '
            f'd="{_band_path(link)}" fill="{colour}" stroke="{colour}">'
            f"<title>{_esc(_link_text(link, unit_text))}</title></path>"
        )
    add("</g>")

    add('<g class="nodes">')
    for box in sorted(boxes, key=lambda b: (b.column, b.order)):
        tooltip = [
            f"{box.label}（{_kind_name(box.kind)}）",
            f"流入：{to_plain_amount(box.inflow)} {unit_text}",
            f"流出：{to_plain_amount(box.outflow)} {unit_text}",
            *box.extra,
        ]
        text_x = box.x + _NODE_WIDTH + _LABEL_GAP
        centre = box.centre
        add(f'<g class="node" data-n="{box.index}" tabindex="0">')
        add(f"<title>{_esc(chr(10).join(tooltip))}</title>")
        add(
            f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(_NODE_WIDTH)}" '
            f'height="{_num(box.height)}" fill="{_colour(box.kind)}"></rect>'
        )
        add(f'<text class="name" x="{_num(text_x)}" y="{_num(centre - 2)}">{_esc(box.shown_label)}</text>')
        add(
            f'<text class="amount" x="{_num(text_x)}" y="{_num(centre + 12)}">'
            f"{_esc(to_plain_amount(box.value))} {_esc(unit_text)}</text>"
        )
        add("</g>")
    add("</g>")
    add("</svg>")
    add("</div>")

    add("<details>")
    add(f"<summary>资金流明细表（{len(links)} 条）</summary>")
    add("<table>")
    add(f"<thead><tr><th>来源</th><th>去向</th><th>金额（{_esc(unit_text)}）</th><th>依据</th></tr></thead>")
    add("<tbody>")
    for link in sorted(links, key=lambda lk: (lk.source.column, lk.source.order, lk.target.order)):
        basis = "推断" if link.inferred else "表格列示"
        add(
            f"<tr><td>{_esc(link.source.label)}</td><td>{_esc(link.target.label)}</td>"
            f'<td class="num">{_esc(to_plain_amount(link.amount))}</td><td>{basis}</td></tr>'
        )
    add("</tbody>")
    add("</table>")
    add("</details>")

    add(f"<script>{_SCRIPT}</script>")
    add("</body>")
    add("</html>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------------
# GraphML
# --------------------------------------------------------------------------------------------------


def _graphml_attrs(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes GraphML can hold: Decimal -> str (plus ``amount_value`` float for ``amount``)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Decimal):
            out[key] = str(value)
            if key == "amount":
                out["amount_value"] = float(value)
        elif isinstance(value, bool | int | float | str):
            out[key] = value
        else:
            out[key] = str(value)
    if "amount" in out and "amount_value" not in out and not isinstance(out["amount"], bool):
        out["amount_value"] = float(_to_decimal(out["amount"]))
    return out


def write_graphml(graph: nx.DiGraph, path: Path) -> None:
    """Write ``graph`` as GraphML (UTF-8) at ``path``.

    Decimal attributes are written as strings (exact, e.g. ``"1286.16"``); an edge or node ``amount``
    additionally gets a float attribute ``amount_value`` so that other tools can compute with it.
    Booleans (``inferred``) stay GraphML booleans, ints and floats keep their types, ``None`` values
    are left out and anything else is written as its ``str()``.  Node ids are written as strings.
    """
    out = nx.DiGraph()
    out.graph.update(_graphml_attrs(graph.graph))
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_graphml_attrs(data))
    for source, target, data in graph.edges(data=True):
        out.add_edge(source, target, **_graphml_attrs(data))
    nx.write_graphml(out, str(path), encoding="utf-8")
