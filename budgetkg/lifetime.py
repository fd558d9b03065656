"""Worker processes that end with their parent, however the parent ends (even killed with -9).

On Linux the kernel sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); on every
platform a watchdog thread sees the worker handed to another parent and ends it.  This module
imports nothing outside the standard library, so a worker that must start fast can use it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

WATCHDOG_SECONDS = 1.0
"""How often the watchdog looks for its parent."""

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int | None = None) -> None:
    """End this process when ``parent`` ends.  Pass the parent's pid where the worker may start after
    its parent has already gone (the default, the current parent, would then be whoever adopted it)."""
    watched = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == watched:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
