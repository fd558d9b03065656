"""The narrative of a document joined into one compact string, with a map back to its lines."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from budgetkg.layout import Paragraph
from budgetkg.model import Source
from budgetkg.recognise import compact


@dataclass
class NarrativeText:
    """The narrative joined into one compact string, with a map back to its paragraphs."""

    text: str
    starts: list[int]
    paragraphs: list[Paragraph]
    document: str

    def source_at(self, position: int) -> Source:
        """The paragraph a character of the joined text came from."""
        paragraph = self.paragraphs[max(0, bisect_right(self.starts, position) - 1)]
        return Source(document=self.document, line=paragraph.line, page=paragraph.page)


def join_narrative(paragraphs: list[Paragraph], document: str, separator: str = "") -> NarrativeText:
    """Join paragraphs so that sentences broken across lines read as one (no separator)."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for paragraph in paragraphs:
        text = compact(paragraph.text)
        starts.append(length)
        parts.append(text + separator)
        length += len(text) + len(separator)
    return NarrativeText("".join(parts), starts, paragraphs, document)
