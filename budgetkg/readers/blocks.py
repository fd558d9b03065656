"""Steps shared by the readers once a document is a sequence of paragraphs and tables."""

from __future__ import annotations

from budgetkg.layout import Block, Table

TRAILING_PARAGRAPHS = 2
"""How many paragraphs after a table (and before the next one) are kept as its trailing text."""


def attach_trailing(blocks: list[Block]) -> None:
    """Give each table the paragraphs that follow it, up to the next table."""
    for position, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for later in blocks[position + 1 : position + 1 + TRAILING_PARAGRAPHS]:
            if isinstance(later, Table):
                break
            block.trailing.append(later)


def number_tables(blocks: list[Block]) -> None:
    """Number the tables of ``blocks`` from 1 in reading order."""
    for index, table in enumerate((block for block in blocks if isinstance(block, Table)), start=1):
        table.index = index
