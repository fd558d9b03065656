"""What a table interpreter needs to know about the table it reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetkg.layout import Row
from budgetkg.model import BudgetLine, Extraction, Source
from budgetkg.recognise import TypedTable


@dataclass
class TableContext:
    """A recognised table together with its number and the extraction it feeds."""

    document: str
    number: int
    typed: TypedTable
    extraction: Extraction
    withheld_mentioned: bool = False

    @property
    def unit(self) -> str:
        """The printed amount unit of the table."""
        return self.typed.unit

    def source(self, row: Row, row_number: int, group: int = 0) -> Source:
        """The provenance of a row of this table (row numbers count from 1)."""
        return Source(
            document=self.document,
            table_number=self.number,
            table_title=self.typed.title,
            row=row_number,
            line=row.line,
            page=row.page,
            group=group,
        )

    def add_line(
        self,
        row: Row,
        row_number: int,
        item_name: str,
        printed: str,
        amount: Decimal | None,
        group: int = 0,
        **dimensions: str | bool | None,
    ) -> None:
        """Record one amount of this table as a budget line."""
        status = "disclosed" if amount is not None else str(dimensions.pop("status", None) or "not-printed")
        dimensions.pop("status", None)
        self.extraction.lines.append(
            BudgetLine(
                table=self.number,
                order=len(self.extraction.lines) + 1,
                item_name=item_name,
                printed_value=printed,
                amount=amount,
                status=status,
                source=self.source(row, row_number, group),
                **dimensions,  # type: ignore[arg-type]
            )
        )
