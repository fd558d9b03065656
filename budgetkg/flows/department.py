"""The flows of one document: from its region to its department, and on through its units, its
functions (类 → 款 → 项), basic / project / unsplit spending and its projects; or, for a document that
only states a total, from its department to one node of money not split by function."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.flows.builder import FUNCTION_COLUMN, FlowGraphBuilder
from budgetkg.flows.classification import FunctionNode
from budgetkg.flows.model import BASES, ZERO, Document, Source, amount, source
from budgetkg.questions import ResultRow

SPENDING = {"basic": "基本支出", "project": "项目支出", "unsplit": "未细分"}
NOT_SPLIT_BY_FUNCTION = "未按功能细分"


def department_node(builder: FlowGraphBuilder, document: Document, total: Decimal, *sources: Source) -> str:
    """The region and department nodes of a document, ``total`` flowing from one to the other; the
    region lists the total line of each of its documents."""
    stated = document.stated
    region = builder.node(
        f"region:{document.group}",
        f"{document.region_name} {document.year}年{document.phase_name}",
        "region",
        document,
        (document.iri, stated.line, stated.page, f"{document.department} 合计（{BASES[stated.basis]}）")
        if stated and stated.line
        else (document.iri, "", "", document.department),
    )
    department = builder.node(
        f"department:{document.iri}", document.department, "department", document, *sources
    )
    builder.flow(region, department, total, document, inferred=False)
    return department


def add_total_only(builder: FlowGraphBuilder, document: Document) -> None:
    """A document with only a stated total: region → department → its money not split by function."""
    stated = document.stated
    if stated is None:
        return
    line = (document.iri, stated.line, stated.page, f"合计（{BASES[stated.basis]}）")
    department = department_node(builder, document, stated.amount, line)
    unsplit = builder.node(
        f"unsplit:{document.iri}",
        f"{document.department} {NOT_SPLIT_BY_FUNCTION}",
        "spending",
        document,
        line,
        short=NOT_SPLIT_BY_FUNCTION,
    )
    builder.flow(department, unsplit, stated.amount, document, inferred=True)


class DocumentFlows:
    """The flows of one document drawn from its table by function, from its region down to its
    projects."""

    def __init__(self, builder: FlowGraphBuilder, document: Document, roots: list[FunctionNode]) -> None:
        self.builder = builder
        self.document = document
        self.roots = roots
        self.total = sum((root.total for root in roots), ZERO)
        self.spending: dict[str, str] = {}
        self.root_lines = [line for root in roots for line in root.printed_lines()]

    def add(self, unit_rows: list[ResultRow], project_rows: list[ResultRow]) -> None:
        department = department_node(self.builder, self.document, self.total, *self.root_lines)
        spender = self._units(department, unit_rows)
        for root in self.roots:
            self._function(spender, root, inferred=spender.startswith("pool:") or not root.printed)
        self._projects(project_rows)

    def _units(self, department: str, rows: list[ResultRow]) -> str:
        """Add the units; return the node the functional flows leave from."""
        doc = self.document
        stated = sum((amount(row["amount"]) for row in rows), ZERO)
        if not rows or stated != self.total:
            # no unit table, or one that does not add up to the functional total: one node for all units
            node = self.builder.node(
                f"unit:{doc.iri}:all",
                f"{doc.department}（各单位）",
                "unit",
                doc,
                *self.root_lines,
                short="各单位",
            )
            self.builder.flow(department, node, self.total, doc, inferred=bool(rows))
            return node
        if len(rows) == 1:
            row = rows[0]
            node = self.builder.node(
                f"unit:{doc.iri}:{row['unit_code']}", str(row["unit_name"]), "unit", doc, source(row)
            )
            self.builder.flow(department, node, self.total, doc, inferred=False)
            return node
        pool = self.builder.node(
            f"pool:{doc.iri}",
            f"{doc.department} 各单位合计",
            "pool",
            doc,
            *(source(row) for row in rows),
            short="各单位合计",
        )
        for row in rows:
            node = self.builder.node(
                f"unit:{doc.iri}:{row['unit_code']}", str(row["unit_name"]), "unit", doc, source(row)
            )
            self.builder.flow(department, node, amount(row["amount"]), doc, inferred=False)
            self.builder.flow(node, pool, amount(row["amount"]), doc, inferred=True)
        return pool

    def _function(self, parent: str, function: FunctionNode, inferred: bool) -> None:
        """A function, and on to the functions below it, or to basic / project / unsplit spending.

        A split is drawn only when its parts do not exceed their total; otherwise the whole total goes on
        unsplit, so that no node gives out more than it receives."""
        doc = self.document
        node = self.builder.node(
            f"function:{doc.group}:{function.key}",
            function.label,
            FUNCTION_COLUMN.get(function.level, "item"),
            doc,
            *function.printed_lines(),
        )
        self.builder.flow(parent, node, function.total, doc, inferred)
        below = sum((child.total for child in function.children), ZERO)
        if function.children and below <= function.total:
            for child in function.children:
                self._function(node, child, inferred=not child.printed)
            self._spend("unsplit", node, function.total - below, function.lines, inferred=True)
            return
        basic, project = function.basic, function.project
        if basic + project > function.total:
            basic = project = ZERO
        self._spend("basic", node, basic, function.basic_lines, inferred=False)
        self._spend("project", node, project, function.project_lines, inferred=False)
        self._spend("unsplit", node, function.total - basic - project, function.lines, inferred=True)

    def _spend(self, kind: str, parent: str, money: Decimal, lines: list[Source], inferred: bool) -> None:
        """``money`` from a function to the department's basic, project or unsplit spending, whose
        sources are the lines that split it."""
        if money <= 0:
            return
        doc = self.document
        node = self.builder.node(
            f"{kind}:{doc.iri}",
            f"{doc.department} {SPENDING[kind]}",
            "spending",
            doc,
            *lines,
            short=SPENDING[kind],
        )
        self.spending[kind] = node
        self.builder.flow(parent, node, money, doc, inferred)

    def _projects(self, rows: list[ResultRow]) -> None:
        """The project spending on to the listed projects; the rest to one node of the projects the
        table withholds or does not list."""
        doc = self.document
        if "project" not in self.spending:
            return
        spending = self.spending["project"]
        available = sum(
            (data["amount"] for _, _, data in self.builder.graph.in_edges(spending, data=True)), ZERO
        )
        listed_rows = [row for row in rows if row.get("amount") not in (None, "")]
        withheld = [source(row) for row in rows if row.get("amount") in (None, "")]
        listed = sum((amount(row["amount"]) for row in listed_rows), ZERO)
        drawn = bool(listed_rows) and listed <= available
        if drawn:
            for row in listed_rows:
                node = self.builder.node(
                    f"project:{doc.iri}:{row['project']}", str(row["name"]), "project", doc, source(row)
                )
                self.builder.flow(spending, node, amount(row["amount"]), doc, inferred=False)
        else:
            listed = ZERO
        if available <= listed:
            return
        if withheld and (drawn or not listed_rows):
            label, lines = "未公开金额的项目", withheld
        else:
            label, lines = "未逐项列出的项目", list(self.builder.graph.nodes[spending]["sources"])
        node = self.builder.node(
            f"project:{doc.iri}:rest", f"{doc.department} {label}", "project", doc, *lines, short=label
        )
        self.builder.flow(spending, node, available - listed, doc, inferred=True)
