"""A one-line progress bar on a terminal (items done of all, failures so far, time left); nothing
at all when the stream is not a terminal (a pipe, a file) or when it is turned off."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.2
BAR_WIDTH = 24


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Progress of ``total`` items of work named ``label``, drawn on ``stream`` (standard error)."""

    def __init__(
        self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def add(self, count: int) -> None:
        """More items of work than first counted."""
        self.total += count
        self._draw()

    def advance(self, failed: bool = False) -> None:
        """One more item done (``failed``: it failed)."""
        self.done += 1
        self.failed += int(failed)
        self._draw(force=self.done == self.total)

    def line(self) -> str:
        """The progress line: bar, done of total, failures, time elapsed and left."""
        share = self.done / self.total if self.total else 1.0
        filled = int(share * BAR_WIDTH)
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else None
        remaining = _duration(left) if left is not None else "?"
        return (
            f"{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total}, "
            f"{self.failed} failed, {_duration(elapsed)} elapsed, {remaining} left"
        )

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line, before something else is written to the terminal."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
            self._drawn_at = 0.0

    def close(self) -> None:
        """Erase the bar when the work is over."""
        self.clear()


class Silent(Progress):
    """No progress shown (the default of the library functions)."""

    def __init__(self) -> None:
        super().__init__("", 0, enabled=False)
