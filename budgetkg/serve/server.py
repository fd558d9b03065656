"""The HTTP server: it reads each request, routes it by path, and writes the answer or the problem."""

from __future__ import annotations

import signal
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from budgetkg.errors import BudgetKGError
from budgetkg.serve.evaluation import Evaluator, ServeOptions
from budgetkg.serve.pages import index_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response
from budgetkg.serve.resources import describe
from budgetkg.serve.saved_questions import answer_question, list_questions
from budgetkg.serve.sparql import answer_sparql
from budgetkg.store import EmbeddedStore

HOST = "127.0.0.1"
MAX_BODY = 10 * 1024 * 1024


def route(evaluator: Evaluator, request: Request) -> Response:
    """The answer to a request; every failure is an HTTPProblem (or a BudgetKGError, a 400)."""
    path = request.path
    if path == "/sparql":
        return answer_sparql(evaluator, request)
    if path in ("/", ""):
        return Response(index_page(), "text/html")
    if path in ("/queries", "/queries/"):
        return list_questions(request)
    if path.startswith("/queries/"):
        return answer_question(evaluator, path.removeprefix("/queries/"), request)
    if path.startswith("/id/"):
        return describe(evaluator, path.removeprefix("/id/"), request)
    if path in ("/flows", "/flows/"):
        from budgetkg.flows.web import flows_response

        return flows_response(evaluator, request)
    raise HTTPProblem(HTTPStatus.NOT_FOUND, f"nothing at {path}; see / for what there is")


class BudgetServer(ThreadingHTTPServer):
    """The HTTP server, holding the store and the evaluator."""

    daemon_threads = True

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.evaluator = Evaluator(store, options)
        super().__init__((HOST, options.port), Handler)

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        return f"http://{HOST}:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    """One request."""

    server: BudgetServer
    server_version = "budgetkg"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        try:
            response = route(self.server.evaluator, self._request())
        except HTTPProblem as problem:
            response = Response.of(problem)
        except BudgetKGError as error:
            response = Response.of(HTTPProblem(HTTPStatus.BAD_REQUEST, str(error)))
        self._send(response)

    def _request(self) -> Request:
        parts = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = self._body() if self.command == "POST" else b""
        return Request(self.command, parts.path, parts.query, headers, body)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, "malformed Content-Length") from error
        if size > MAX_BODY:
            raise HTTPProblem(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(size)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        media = response.media
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Vary", "Accept")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


def make_server(store: EmbeddedStore, options: ServeOptions) -> BudgetServer:
    """A server bound to 127.0.0.1 (port 0 picks a free one); call ``serve_forever`` to run it."""
    return BudgetServer(store, options)


def serve(path: Path, options: ServeOptions) -> None:
    """Open the store (read-only unless updates are allowed) and serve it until interrupted."""
    store = EmbeddedStore(path, read_only=options.update_token is None)
    try:
        server = make_server(store, options)
    except OSError as error:
        store.close()
        raise BudgetKGError(f"cannot listen on {HOST}:{options.port}: {error}") from error
    mode = "updates with the bearer token" if options.update_token else "read-only"
    print(f"serving {path} at {server.url}/ ({mode}); Ctrl-C stops", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        store.close()
