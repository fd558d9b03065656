"""A stand-in HTTP server on 127.0.0.1 that answers every request the same chosen way.

It plays a misbehaving SPARQL endpoint for the error tests: an HTML page instead of results, JSON
that is not SPARQL results, a Virtuoso-style truncated answer, or no answer at all (a timeout).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Seen:
    """A request the stand-in got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@contextmanager
def stub_endpoint(
    status: int,
    body: bytes,
    media: str,
    headers: dict[str, str] | None = None,
    seen: list[Seen] | None = None,
) -> Iterator[str]:
    """A server answering every GET, HEAD, PUT and POST with ``status``, ``body`` and ``headers``; yields
    its URL.  Each request it gets is added to ``seen``."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            received = self.rfile.read(length)
            if seen is not None:
                seen.append(Seen(self.command, self.path, dict(self.headers.items()), received))
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def do_HEAD(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def silent_endpoint() -> Iterator[str]:
    """A socket that accepts connections and never answers; yields its URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    finally:
        listener.close()
