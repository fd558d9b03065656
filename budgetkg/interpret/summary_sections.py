"""The carry-over section of a summary table's income side: the lines printed below 上年结转 that
break it down by fund (（一）一般公共预算拨款 …) are parts of the carry-over, not income of the year."""

from __future__ import annotations

from dataclasses import dataclass

_APPROPRIATION_ITEMS = ("income-fiscal", "income-general", "income-government-fund", "income-state-capital")


@dataclass
class CarryOverSection:
    """Follows the income labels of a summary table, top to bottom.

    A section opens at a carry-over line (上年结转, 年初结转和结余 …), with or without an amount,
    and holds the lines below it that are numbered deeper than it (or not numbered); the first
    line numbered like it, or any other summary item, closes it.
    """

    depth: int | None = None

    def holds(self, depth: int, item: str | None, fund: str | None) -> bool:
        """Whether a line (numbering depth, summary item, fund named) is a fund part of the
        open carry-over section."""
        if self.depth is None or not self._below(depth):
            return False
        return fund is not None or item in _APPROPRIATION_ITEMS

    def follow(self, depth: int, item: str | None) -> None:
        """Open, keep or close the section after a line."""
        if item == "carry-over-in":
            if self.depth is None or not self._below(depth):
                self.depth = depth
        elif self.depth is not None and (item is not None or not self._below(depth)):
            self.depth = None

    def _below(self, depth: int) -> bool:
        # An unnumbered carry-over line counts as numbered 一、: lines numbered 一、 are its peers.
        return depth == 0 or depth > max(self.depth or 0, 1)
