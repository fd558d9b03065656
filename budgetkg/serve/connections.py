"""The connections of the server: waitress's HTTP channel and TCP server, with two limits waitress lacks.

- **A deadline for a request's headers.**  Waitress closes a connection only once it has been quiet
  for its channel timeout, so a client that sends a header line now and then holds its connection
  for ever.  Here a request's headers must arrive in full within ``header_timeout`` seconds of the
  request's first byte (for a connection's first request, of the connection's opening); the
  server's periodic maintenance closes a connection past it, as waitress closes one gone quiet.
- **A cap of connections per client address.**  A connection from an address that already holds
  ``client_connections`` is closed as soon as it is accepted, so one address cannot take the
  server's whole connection limit.

Both ride on waitress's own hooks: ``HTTPChannel.received`` (the bytes of a connection as they
arrive), ``BaseWSGIServer.maintenance`` (run every ``cleanup_interval`` seconds) and
``dispatcher.accept``.
"""

from __future__ import annotations

import socket
import time
from typing import TYPE_CHECKING, cast

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, TcpWSGIServer

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class GuardedChannel(HTTPChannel):
    """An HTTP connection that knows since when it has been waiting for a request's headers."""

    def __init__(
        self,
        server: BaseWSGIServer,
        sock: socket.socket,
        addr: str | tuple[str, int],
        adj: Adjustments,
        map: dict[int, object] | None = None,
    ) -> None:
        # the first request's headers are due from the opening of the connection
        self.head_started: float | None = time.monotonic()
        super().__init__(server, sock, addr, adj, map)  # type: ignore[arg-type]

    def received(self, data: bytes) -> bool:
        """Read ``data`` as waitress does, then note whether a request's headers are still coming."""
        taken = super().received(data)
        request = self.request
        if request is None or request.headers_finished or request.completed:
            self.head_started = None
        elif self.head_started is None:
            self.head_started = time.monotonic()
        return taken

    def headers_late(self, cutoff: float) -> bool:
        """Whether a request's headers began arriving before ``cutoff`` and are not all there yet."""
        return self.head_started is not None and self.head_started < cutoff


class GuardedServer(TcpWSGIServer):
    """Waitress's TCP server with the header deadline and the cap of connections per address."""

    channel_class = GuardedChannel

    def __init__(
        self,
        application: WSGIApplication,
        *,
        header_timeout: float,
        client_connections: int,
        map: dict[int, object],
        adjustments: Adjustments,
    ) -> None:
        if header_timeout <= 0 or client_connections < 1:
            raise ValueError(
                f"the header deadline must be over 0 s and the connections per client at least 1, not "
                f"{header_timeout:g} s and {client_connections}"
            )
        self.header_timeout = header_timeout
        self.client_connections = client_connections
        super().__init__(application, map=map, adj=adjustments)  # type: ignore[arg-type]

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.getsockname()[1])

    def channels(self) -> list[HTTPChannel]:
        """The open connections."""
        return list(cast("dict[int, HTTPChannel]", self.active_channels).values())

    def accept(self) -> tuple[socket.socket, str | tuple[str, int]] | None:
        """The next connection, unless its address already holds its share: that one is closed now."""
        accepted = super().accept()
        if accepted is None:
            return None
        connection, address = accepted
        host = _host(address)
        if sum(1 for channel in self.channels() if _host(channel.addr) == host) >= self.client_connections:
            connection.close()
            return None
        return accepted

    def maintenance(self, now: float) -> None:
        """Close the connections gone quiet (waitress) and those whose headers are past their deadline."""
        super().maintenance(now)  # type: ignore[arg-type]
        cutoff = time.monotonic() - self.header_timeout
        for channel in self.channels():
            if isinstance(channel, GuardedChannel) and channel.headers_late(cutoff):
                channel.will_close = True


def _host(address: object) -> str:
    return str(address[0]) if isinstance(address, tuple) else str(address)
