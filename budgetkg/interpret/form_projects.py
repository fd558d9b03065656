"""Projects known only from their performance forms.

Some documents print a performance-target form for each project but no project table (the Hebei
单位预算 of the seeds names thirteen projects this way).  Each such project is still a project of
the budget: it gets a project line without an amount (status ``not-printed``), read from the form
that names it, so that project listings include it.  Forms that print an amount already gave a
line with it.
"""

from __future__ import annotations

from budgetkg.model import BudgetLine, Extraction


def add_projects_named_only_on_forms(extraction: Extraction) -> None:
    """A line without an amount for each project whose form prints none, in a document without a
    project table."""
    kinds = {table.number: table.kind for table in extraction.tables}
    if "projects" in kinds.values():
        return
    with_lines = {(line.table, line.project_name) for line in extraction.lines if line.project_name}
    for indicator in extraction.indicators:
        table = indicator.source.table_number
        name = indicator.project_name
        if table is None or name is None or kinds.get(table) != "project-performance":
            continue
        if (table, name) in with_lines:
            continue
        with_lines.add((table, name))
        extraction.lines.append(
            BudgetLine(
                table=table,
                order=len(extraction.lines) + 1,
                item_name=name,
                printed_value="",
                amount=None,
                status="not-printed",
                source=indicator.source,
                fund="all",
                expenditure_type="project",
                project_name=name,
            )
        )
