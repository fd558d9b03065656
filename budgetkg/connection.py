"""How to reach an HTTP server (a SPARQL endpoint, a Graph Store): its URL, credentials, authentication
scheme and timeout, checked when made; and network failures as reasons a person can act on."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import ClassVar

from budgetkg.choices import AUTH_NAMES
from budgetkg.errors import BudgetKGError


@dataclass
class Connection:
    """A server's URL and how to reach it; an impossible setting is an error of ``error_type``."""

    error_type: ClassVar[type[BudgetKGError]] = BudgetKGError

    url: str
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.auth not in AUTH_NAMES:
            raise self.error_type(
                f"{self.url}: authentication must be one of {', '.join(AUTH_NAMES)}, not {self.auth!r}"
            )
        if self.timeout <= 0:
            raise self.error_type(f"{self.url}: the timeout must be a positive number of seconds")
        if not self.url.startswith(("http://", "https://")):
            raise self.error_type(f"{self.url}: a server is reached at an http:// or https:// URL")


def network_reason(reason: object, timeout: float) -> str:
    """Why a connection failed (the ``reason`` of a ``URLError``), as a short explanation."""
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running, and on this port?)"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (timeout)"
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason})"
    return f"cannot connect: {reason}"
