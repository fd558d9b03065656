"""A cap on what one client address may hold at once: ``hold(address)`` counts it in for the length of
a ``with`` block, and refuses it (HTTP 429 with ``Retry-After``) when that address already holds the
cap, so that one client cannot take every query worker of the endpoint from the others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus

from budgetkg.serve.protocol import HTTPProblem


class PerClient:
    """At most ``cap`` holders per client address at a time; ``what`` names what is held, for the message."""

    def __init__(self, cap: int, what: str, retry_after: int) -> None:
        if cap < 1:
            raise ValueError(f"the cap of {what} per client must be at least 1, not {cap}")
        self.cap = cap
        self.what = what
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._held: dict[str, int] = {}

    @contextmanager
    def hold(self, address: str) -> Iterator[None]:
        """Count ``address`` in while the block runs, or raise HTTPProblem 429 when it holds the cap."""
        with self._lock:
            held = self._held.get(address, 0)
            if held >= self.cap:
                raise HTTPProblem(
                    HTTPStatus.TOO_MANY_REQUESTS,
                    f"{held} {self.what} of this client address are running, the most one address may run "
                    "at once; wait for one to end",
                    {"Retry-After": str(self.retry_after)},
                )
            self._held[address] = held + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._held[address] - 1
                if left:
                    self._held[address] = left
                else:
                    del self._held[address]

    def held(self, address: str) -> int:
        """How many ``address`` holds now."""
        with self._lock:
            return self._held.get(address, 0)
