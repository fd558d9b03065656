"""Text lines from the characters of a PDF page, and the joining of lines that wrap.

Lines are assembled from single characters rather than taken from the PDF's text runs: some
producers print numbers in another font, a few points below the surrounding Chinese text, and
a line-by-top grouping would put them on a line of their own. Here a character joins a line when
it overlaps that line vertically by at least half its height.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PdfObject = Mapping[str, Any]

_OVERLAP = 0.5
"""Share of the smaller height two characters must overlap vertically to sit on one line."""
_LOOKBACK = 3
"""How many of the most recent lines a character may still join."""
_NUMERIC = frozenset("0123456789,.%")
_PAGE_NUMBER = re.compile(
    r"^[-—–－·•~\s]*(?:\d{1,4}|[ivxlcIVXLC]{1,6})[-—–－·•~\s]*$|^第\d+页(?:[,，/]?共\d+页)?$|^\d+/\d+$"
)
_LEADERS = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|．{4,}|-{6,}|_{6,})\s*\d*\s*$")
_CJK_GAP = 0.6
"""A gap wider than this share of the font size, next to a Chinese character, is a space."""
_LATIN_GAP = 0.25
"""A gap wider than this share of the font size, between other characters, is a space."""
_SPACED_GAP = 0.15
"""The same, where the PDF prints a space character in the gap."""
_MARGIN = 0.08
"""Share of the page height at the top and bottom where a lone number is a page number."""


def is_cjk(character: str) -> bool:
    """True for Chinese characters and the full-width punctuation set between them."""
    code = ord(character)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x2018 <= code <= 0x201F
        or code in (0x2014, 0x2026, 0x00B7)
    )


@dataclass
class TextLine:
    """One printed line: its text and its box in PDF points (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class _Line:
    top: float
    bottom: float
    chars: list[PdfObject]


def _overlaps(line: _Line, char: PdfObject) -> bool:
    top, bottom = float(char["top"]), float(char["bottom"])
    shared = min(line.bottom, bottom) - max(line.top, top)
    smaller = max(min(line.bottom - line.top, bottom - top), 1.0)
    return shared >= _OVERLAP * smaller


def assemble_lines(chars: Iterable[PdfObject]) -> list[TextLine]:
    """Group characters into lines, top to bottom, each read left to right."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda item: (float(item["top"]), float(item["x0"]))):
        for line in reversed(lines[-_LOOKBACK:]):
            if _overlaps(line, char):
                line.chars.append(char)
                break
        else:
            lines.append(_Line(float(char["top"]), float(char["bottom"]), [char]))
    result = []
    for line in lines:
        text_line = _read_line(line.chars)
        if text_line is not None:
            result.append(text_line)
    return result


def _read_line(chars: list[PdfObject]) -> TextLine | None:
    """The text of one line, with a space where the gap between two characters is wide.

    Space characters in the PDF only lower the gap that counts as a space: some producers print
    them over the neighbouring glyphs, where no space is visible.
    """
    ordered = sorted(chars, key=lambda item: float(item["x0"]))
    printed = [char for char in ordered if str(char["text"]).strip()]
    if not printed:
        return None
    parts: list[str] = []
    previous: PdfObject | None = None
    spaced = False
    for char in ordered:
        text = str(char["text"]).replace("\u3000", " ")
        if not text.strip():
            spaced = previous is not None
            continue
        if previous is not None:
            if (
                text == previous["text"]
                and abs(float(char["x0"]) - float(previous["x0"])) < 1.0
                and abs(float(char["top"]) - float(previous["top"])) < 1.0
            ):
                continue  # the same glyph printed twice (simulated bold)
            gap = float(char["x0"]) - float(previous["x1"])
            size = max(float(char.get("size") or 0.0), float(previous.get("size") or 0.0), 1.0)
            wide = is_cjk(text[0]) or is_cjk(str(previous["text"])[-1])
            threshold = _SPACED_GAP if spaced else (_CJK_GAP if wide else _LATIN_GAP)
            if gap > threshold * size:
                parts.append(" ")
        parts.append(text)
        previous = char
        spaced = False
    sizes = sorted(float(char.get("size") or 0.0) for char in printed)
    return TextLine(
        text=re.sub(r"\s+", " ", "".join(parts)).strip(),
        x0=min(float(char["x0"]) for char in printed),
        top=min(float(char["top"]) for char in printed),
        x1=max(float(char["x1"]) for char in printed),
        bottom=max(float(char["bottom"]) for char in printed),
        size=sizes[len(sizes) // 2],
    )


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of a cell whose text wrapped.

    Digits, commas and points on both sides of a break are joined without a space (a number
    broken as ``2,980.9`` / ``0``), as is Chinese text; other text is joined with a space.
    """
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not text:
            text = line
            continue
        left, right = text[-1], line[0]
        numeric = left in _NUMERIC and right in _NUMERIC
        text = text + line if numeric or is_cjk(left) or is_cjk(right) else f"{text} {line}"
    return text


def is_page_furniture(line: TextLine, page_height: float) -> bool:
    """A page number in the top or bottom margin, or a table-of-contents line with leaders."""
    if _LEADERS.search(line.text):
        return True
    in_margin = line.bottom <= page_height * _MARGIN or line.top >= page_height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(line.text))
