"""The name a user probably meant: the closest known name by spelling, else the known names that
contain what was typed (``overview`` → ``department-overview``)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CONTAINED_AT_MOST = 3
"""More names than this containing the typed text suggest none of them."""


def nearest(typed: str, known: Iterable[str]) -> list[str]:
    """The names to suggest for ``typed``: one close spelling, or up to three names containing it."""
    names = sorted(set(known))
    close = difflib.get_close_matches(typed, names, n=1)
    if close:
        return close
    folded = typed.casefold()
    containing = [name for name in names if folded and folded in name.casefold()]
    return containing if len(containing) <= CONTAINED_AT_MOST else []


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """``did you mean 'x'?`` (or ``'x' or 'y'``), or "" when nothing is near."""
    names = nearest(typed, known)
    if not names:
        return ""
    return "did you mean " + " or ".join(f"'{name}'" for name in names) + "?"
