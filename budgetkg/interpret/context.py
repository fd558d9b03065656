"""What a table interpreter needs to know about the table it reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from budgetkg.interpret.findings import CELL_UNREADABLE, record
from budgetkg.interpret.rows import amount_in_wanyuan, is_amount_cell
from budgetkg.layout import BBox, Row
from budgetkg.model import BudgetLine, Extraction, Source
from budgetkg.numbers import NumberFormatError
from budgetkg.recognise import TypedTable


@dataclass
class TableContext:
    """A recognised table together with its number and the extraction it feeds."""

    document: str
    number: int
    typed: TypedTable
    extraction: Extraction
    withheld_mentioned: bool = False
    _cells_used: dict[int, list[int]] = field(default_factory=dict)

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

    def table_source(self) -> Source:
        """The provenance of the table as a whole: its number, title and first page."""
        return Source(
            document=self.document,
            table_number=self.number,
            table_title=self.typed.title,
            page=self.typed.table.page,
        )

    def report(
        self,
        rule: str,
        reason_zh: str,
        reason_en: str,
        printed: str = "",
        row: Row | None = None,
        row_number: int | None = None,
    ) -> None:
        """Record an extraction finding on a row of this table, or on the table itself."""
        if row is not None and row_number is not None:
            source = self.source(row, row_number)
        else:
            source = self.table_source()
        record(self.extraction, rule, source, reason_zh, reason_en, printed)

    def amount(self, row: Row, row_number: int, text: str) -> Decimal | None:
        """An amount cell of a row in 万元 (None for a blank cell).

        A cell that holds no amount is recorded as ``extract.cell-unreadable`` and gives None, so
        that the rest of its row and of the table is still read.
        """
        try:
            return amount_in_wanyuan(text, self.unit)
        except NumberFormatError:
            self.report(
                CELL_UNREADABLE,
                "金额列中的单元格不是金额，未读取该单元格",
                "A cell of an amount column holds no amount; the cell is not read",
                printed=text,
                row=row,
                row_number=row_number,
            )
            return None

    def amounts(self, row: Row, row_number: int, texts: list[str]) -> list[Decimal | None] | None:
        """The amount cells of a row, each read as by :meth:`amount`; None for a header row that
        reached the data rows (words in its amount cells and no amount), recorded once and skipped."""
        printed = [text for text in texts if text.strip()]
        if printed and not any(is_amount_cell(text) for text in printed):
            self.report(
                CELL_UNREADABLE,
                "数据行中出现表头行：金额列只有文字，该行未读取",
                "A header row among the data rows: its amount columns hold only words; the row is not read",
                printed=" | ".join(printed),
                row=row,
                row_number=row_number,
            )
            return None
        return [self.amount(row, row_number, text) for text in texts]

    def _cell_box(self, row: Row, printed: str) -> BBox | None:
        """The box of the cell an amount was printed in: the first cell of the row with that text
        not already taken by an earlier amount of the same row (amounts are read left to right).
        """
        if not row.bboxes or not printed:
            return None
        used = self._cells_used.setdefault(id(row), [])
        matching = [
            index for index, text in enumerate(row.cells) if text == printed and index < len(row.bboxes)
        ]
        for index in matching:
            if index not in used:
                used.append(index)
                return row.bboxes[index]
        # A second fact read from the same cell (an amount that is both a total and, say, the
        # personnel amount of its column group) shares the cell's box.
        shared = [index for index in reversed(used) if index in matching]
        return row.bboxes[shared[0]] if shared else None

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
                source=replace(self.source(row, row_number, group), bbox=self._cell_box(row, printed)),
                **dimensions,  # type: ignore[arg-type]
            )
        )
