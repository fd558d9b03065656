"""The lines of a text dump under construction, in the two layouts the readers accept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class TextDump:
    """Lines of a dump: paragraphs, tab-separated rows, or one cell per line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def paragraph(self, *texts: str) -> None:
        """Paragraphs, each followed by a blank line."""
        for text in texts:
            self.lines.extend([text, ""])

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Tab-separated rows, then a blank line."""
        self.lines.extend("\t".join(row) for row in rows)
        self.lines.append("")

    def cells(self, rows: Iterable[Sequence[str]], gap: int = 1) -> None:
        """One cell per line, each prefixed by a tab; rows separated by ``gap`` blank lines."""
        for row in rows:
            self.lines.extend("\t" + cell for cell in row)
            self.lines.extend([""] * gap)

    def text(self) -> str:
        """The dump, ending in a newline."""
        return "\n".join(self.lines).rstrip("\n") + "\n"
