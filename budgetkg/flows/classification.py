"""The functions of one document as a tree of 类, 款 and 项, built from the functional classification
its lines are classified under rather than from the codes it prints.

Tables print their functions in several layouts: every 类, 款 and 项 with its code; only the 项 lines,
repeated once for each unit (the Beijing tables); or names without codes (the Hangzhou tables).  The
lines of one function are summed; a broader function the table does not print is added above its
lines, with their sum (its flows are marked inferred); the functions with no broader one are the
roots, whose sum is the document's total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.flows.model import ZERO, Source, amount, source
from budgetkg.questions import ResultRow

LEVEL_OF_CODE = {3: 1, 5: 2, 7: 3}
"""The level of a function by the length of its code (类 three digits, 款 five, 项 seven)."""


@dataclass(frozen=True)
class Function:
    """A function of the classification: its level (1 类, 2 款, 3 项), code, name and broader one."""

    iri: str
    level: int
    code: str
    name: str
    broader: str


def read_functions(rows: Iterable[ResultRow]) -> dict[str, Function]:
    """The functions of the classification rows, by IRI.  A function without a code of its own takes
    the national code it matches; a level not recorded is read from the length of the code."""
    functions: dict[str, Function] = {}
    for row in rows:
        iri = str(row["function"])
        if iri in functions:
            continue
        code = str(row.get("code") or row.get("national_code") or "")
        level = int(str(row["level"])) if row.get("level") else LEVEL_OF_CODE.get(len(code), 3)
        functions[iri] = Function(iri, level, code, str(row["name"]), str(row.get("broader") or ""))
    return functions


@dataclass
class FunctionNode:
    """A function of one document: its total (stated, or the sum of the lines below it), the basic and
    project parts its lines state, and the lines it comes from."""

    key: str
    label: str
    level: int
    code: str
    order: int
    printed: bool
    total: Decimal = ZERO
    basic: Decimal = ZERO
    project: Decimal = ZERO
    lines: list[Source] = field(default_factory=list)
    basic_lines: list[Source] = field(default_factory=list)
    project_lines: list[Source] = field(default_factory=list)
    children: list[FunctionNode] = field(default_factory=list)

    def printed_lines(self) -> list[Source]:
        """The lines of this function, or where the table does not print it, of the ones below it."""
        if self.printed:
            return self.lines
        return [line for child in self.children for line in child.printed_lines()]


def _key(function: Function) -> str:
    """The part of a node's id that names the function: its code, or the function's own name."""
    return function.code or function.iri.rstrip("/").rsplit("/", 1)[-1]


def _node(function: Function, printed: bool, name: str = "") -> FunctionNode:
    name = name or function.name
    label = f"{function.code} {name}" if function.code else name
    return FunctionNode(_key(function), label, function.level, function.code, 1 << 30, printed)


def _unknown(row: ResultRow) -> Function:
    """A function the classification rows do not describe: read from the line itself."""
    code = str(row.get("code") or "")
    return Function(str(row["function"]), LEVEL_OF_CODE.get(len(code), 3), code, str(row["name"]), "")


def function_tree(rows: Iterable[ResultRow], functions: dict[str, Function]) -> list[FunctionNode]:
    """The roots of the tree of one document's function lines (each sorted by code, then as printed)."""
    nodes: dict[str, FunctionNode] = {}
    for row in rows:
        iri = str(row["function"])
        function = functions.get(iri) or _unknown(row)
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = _node(function, printed=True, name=str(row["name"]))
        node.total += amount(row["total"])
        node.basic += amount(row.get("basic"))
        node.project += amount(row.get("project"))
        node.order = min(node.order, int(str(row.get("order") or 0)))
        node.lines.append(source(row))
        if row.get("basic_line"):
            node.basic_lines.append(source(row, "basic_line"))
        if row.get("project_line"):
            node.project_lines.append(source(row, "project_line"))
    for iri in list(nodes):
        _add_broader(iri, nodes, functions)
    roots: list[FunctionNode] = []
    for iri, node in nodes.items():
        broader = functions[iri].broader if iri in functions else ""
        (nodes[broader].children if broader in nodes else roots).append(node)
    for node in roots:
        _settle(node)
    roots.sort(key=_position)
    return roots


def _add_broader(iri: str, nodes: dict[str, FunctionNode], functions: dict[str, Function]) -> None:
    """Add the broader functions of ``iri`` the table does not print."""
    seen = {iri}
    broader = functions[iri].broader if iri in functions else ""
    while broader and broader in functions and broader not in nodes and broader not in seen:
        seen.add(broader)
        nodes[broader] = _node(functions[broader], printed=False)
        broader = functions[broader].broader


def _position(node: FunctionNode) -> tuple[bool, str, int]:
    return (node.code == "", node.code, node.order)


def _settle(node: FunctionNode) -> Decimal:
    """A function the table does not print totals the functions below it; children are sorted."""
    totals = [_settle(child) for child in node.children]
    node.children.sort(key=_position)
    if not node.printed:
        node.total = sum(totals, ZERO)
        node.order = min((child.order for child in node.children), default=node.order)
    return node.total
