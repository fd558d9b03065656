"""The tab-rows layout: a Hubei/Wuhan district department budget as a text dump with tab-separated rows."""

from __future__ import annotations

from budgetkg.samples.figures import Budget
from budgetkg.samples.tab_rows_forms import tab_forms
from budgetkg.samples.tab_rows_narrative import tab_contents, tab_narrative
from budgetkg.samples.tab_rows_tables import tab_tables
from budgetkg.samples.text_dump import TextDump


def render_tab_rows(budget: Budget) -> str:
    """The document in the tab-rows layout of a Wuhan district department budget."""
    out = TextDump()
    out.lines.extend(["", ""])
    out.paragraph(f"{budget.department} {budget.year} 年预算")
    tab_contents(out, budget)
    tab_narrative(out, budget)
    tab_tables(out, budget)
    tab_forms(out, budget)
    return out.text()
