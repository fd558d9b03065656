"""Readers that fail on purpose, registered for suffixes no real document has.

``register()`` adds them to the reader registry; a build's worker processes call it too when
``BUDGETKG_WORKER_SETUP`` names it (see :mod:`budgetkg.build.workers`).
"""

from __future__ import annotations

import struct
import time
from pathlib import Path

from budgetkg.layout import ReadDocument
from budgetkg.readers import READERS

HOG_BYTES = 3 * 1024**3
"""What the memory-hungry reader asks for: more than the limits the tests set."""

SETUP = "tests.fault_readers:register"


def read_raising(path: Path) -> ReadDocument:
    """Fails the way a damaged binary file makes a parser fail."""
    struct.unpack("<I", path.read_bytes()[:2])
    raise AssertionError("unreachable: two bytes never unpack as four")


def read_slowly(path: Path) -> ReadDocument:
    """Works without end, as a reader lost in a huge or looping file would."""
    count = 0
    while time.monotonic() >= 0:
        count += 1
    raise AssertionError(f"unreachable after {count} turns")


def read_greedily(path: Path) -> ReadDocument:
    """Asks for more memory than the limit."""
    hoard = bytearray(HOG_BYTES)
    raise AssertionError(f"unreachable: {len(hoard)} bytes were given")


def register() -> None:
    READERS[".raises"] = read_raising
    READERS[".slow"] = read_slowly
    READERS[".hog"] = read_greedily
