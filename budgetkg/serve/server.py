"""The HTTP server: a WSGI application on waitress that reads each request, routes it by path, and
writes the answer or the problem."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import traceback
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from waitress import wasyncore
from waitress.adjustments import Adjustments

from budgetkg.errors import BudgetKGError
from budgetkg.flows.web import flows_response
from budgetkg.serve.alternates import PageFormats
from budgetkg.serve.browse import browse
from budgetkg.serve.catalog import answer_catalog
from budgetkg.serve.connections import GuardedServer
from budgetkg.serve.downloads import answer_download
from budgetkg.serve.evaluation import Evaluator, ServeOptions
from budgetkg.serve.ontology import answer_ontology
from budgetkg.serve.pages import index_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response
from budgetkg.serve.resources import describe
from budgetkg.serve.saved_questions import answer_question, list_questions
from budgetkg.serve.sources import serve_source
from budgetkg.serve.sparql import answer_sparql
from budgetkg.serve.static import STATIC_PREFIX, serve_static
from budgetkg.serve.void import VOID_PATH, answer_void
from budgetkg.store import EmbeddedStore

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HOST = "127.0.0.1"


def route(evaluator: Evaluator, request: Request) -> Response:
    """The answer to a request; every failure is an HTTPProblem (or a BudgetKGError, a 400)."""
    path = request.path
    if path == "/sparql":
        return answer_sparql(evaluator, request)
    if path in ("/", ""):
        media = PageFormats("front pages").choose(request)
        return Response(index_page(), media)
    if path in ("/queries", "/queries/"):
        return list_questions(request)
    if path.startswith("/queries/"):
        return answer_question(evaluator, path.removeprefix("/queries/"), request)
    if path.startswith("/id/"):
        return describe(evaluator, path.removeprefix("/id/"), request)
    if path in ("/catalog", "/catalog/"):
        return answer_catalog(evaluator, request)
    if path == VOID_PATH:
        return answer_void(evaluator, request)
    if path == "/ontology" or path.startswith("/ontology/"):
        return answer_ontology(evaluator, path.removeprefix("/ontology"), request)
    if path.startswith("/downloads/"):
        return answer_download(evaluator, path.removeprefix("/downloads/"), request)
    if path == "/ui" or path.startswith("/ui/"):
        return browse(evaluator, path.removeprefix("/ui").removeprefix("/"), request)
    if path.startswith("/source/"):
        return serve_source(evaluator, path.removeprefix("/source/"))
    if path.startswith(STATIC_PREFIX):
        return serve_static(path.removeprefix(STATIC_PREFIX), request)
    if path in ("/flows", "/flows/"):
        return flows_response(evaluator, request)
    raise HTTPProblem(HTTPStatus.NOT_FOUND, f"nothing at {path}; see / for what there is")


class BudgetServer:
    """The HTTP server (waitress: a bounded pool of request threads, a limit on connections in all
    and per client address, on the size of a request's headers and body, a deadline for a request's
    headers and a timeout on idle clients, ``connections.py``), holding the store and the evaluator."""

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.evaluator = Evaluator(store, options)
        self._map: dict[int, Any] = {}
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        try:
            adjustments = Adjustments(
                host=HOST,
                port=options.port,
                threads=options.threads,
                connection_limit=options.connections,
                channel_timeout=options.client_timeout,
                # the deadlines below are checked this often
                cleanup_interval=1,
                max_request_body_size=options.max_body,
                max_request_header_size=options.max_header,
                ident="budgetkg",
                expose_tracebacks=False,
            )
            self._server = GuardedServer(
                application(self.evaluator),
                header_timeout=options.header_timeout,
                client_connections=options.client_connections,
                map=self._map,
                adjustments=adjustments,
            )
        except BaseException:
            self.evaluator.close()
            raise

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        return f"http://{HOST}:{self._server.port}"

    def serve_forever(self) -> None:
        """Answer requests until ``shutdown`` is called."""
        self._stopped.clear()
        try:
            while not self._stopping.is_set() and self._map:
                wasyncore.loop(timeout=0.5, map=self._map, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` (from another thread) and wait for it to end."""
        self._stopping.set()
        self._server.pull_trigger()
        self._stopped.wait(timeout=10)

    def server_close(self) -> None:
        """Close the listening socket and the connections, and stop the query workers."""
        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._map)
        self.evaluator.close()


def application(evaluator: Evaluator) -> WSGIApplication:
    """The WSGI application: each request routed, each failure answered with its status and message."""

    def answer(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            response = _respond(evaluator, environ)
        except Exception:  # the client gets a 500 with no traceback; the log gets it
            traceback.print_exc(file=sys.stderr)
            response = Response.of(
                HTTPProblem(HTTPStatus.INTERNAL_SERVER_ERROR, "the server failed; see its log")
            )
        start_response(f"{response.status.value} {response.status.phrase}", _headers(response))
        return [] if method == "HEAD" else [response.body]

    return answer


def _respond(evaluator: Evaluator, environ: WSGIEnvironment) -> Response:
    try:
        return route(evaluator, _request(environ))
    except HTTPProblem as problem:
        return Response.of(problem)
    except BudgetKGError as error:
        return Response.of(HTTPProblem(HTTPStatus.BAD_REQUEST, str(error)))


def _request(environ: WSGIEnvironment) -> Request:
    method = environ.get("REQUEST_METHOD", "GET")
    if method not in ("GET", "HEAD", "POST"):
        raise HTTPProblem(
            HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not answered here", {"Allow": "GET, HEAD, POST"}
        )
    # the path as sent (percent-escapes kept), as the IRIs of the store are written
    path = urlsplit(environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")).path
    headers = {
        name[5:].replace("_", "-").lower(): value
        for name, value in environ.items()
        if name.startswith("HTTP_")
    }
    for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(name):
            headers[name.replace("_", "-").lower()] = environ[name]
    body = environ["wsgi.input"].read() if method == "POST" else b""
    client = environ.get("REMOTE_ADDR", "")
    return Request(method, path, environ.get("QUERY_STRING", ""), headers, body, client)


def _headers(response: Response) -> list[tuple[str, str]]:
    media = response.media
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    headers = [
        ("Content-Type", media + charset),
        ("Content-Length", str(len(response.body))),
        ("Vary", "Accept"),
    ]
    return headers + list(response.headers.items())


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
    # a line for every request that waits for a thread would flood the log under load; clients are told (503)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
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
