"""``budgetkg serve`` under hostile use: runaway queries stopped at their deadline with their worker
killed, ``SERVICE`` refused unless allowed, malformed and oversized requests answered 4xx, slow
clients disconnected, and normal questions answered all the while.  On a store on disk, as served."""

from __future__ import annotations

import http.client
import json
import select
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.paths import SAMPLES_DIR
from budgetkg.query_worker import Job, resident_kib
from budgetkg.serve import BudgetServer, ServeOptions
from budgetkg.serve.answer_cache import AnswerCache
from budgetkg.serve.evaluation import Outcome
from budgetkg.serve.service import services
from budgetkg.serve.workers import WorkerPool
from budgetkg.store import EmbeddedStore
from tests.servers.stub import Seen, stub_endpoint
from tests.test_serve import running as serving

RESET = b"connection reset"
TOO_MANY_HEADERS = b"431 Request Header Fields Too Large"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c"
DOCUMENT = "sample_420103_126_2024.txt"
TIMEOUT = 2.0
# one client (every test sends from 127.0.0.1) may use every worker here: the cap per client has its test
OPTIONS = ServeOptions(
    port=0,
    timeout=TIMEOUT,
    workers=2,
    threads=8,
    client_timeout=2,
    max_header=8192,
    max_body=65536,
    client_queries=4,
)
STUB_RESULTS = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "from-the-stub"}}]}}
).encode()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hardening") / "kg"
    with EmbeddedStore(folder) as store:
        assert not build([SAMPLES_DIR / DOCUMENT], store).failed
    return folder


def running(path: Path, options: ServeOptions) -> Iterator[BudgetServer]:
    """A server of the store at ``path``, opened read-only as ``budgetkg serve`` opens it."""
    store = EmbeddedStore(path, read_only=True)
    try:
        yield from serving(store, options)
    finally:
        store.close()


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[BudgetServer]:
    yield from running(store_path, OPTIONS)


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def ask(server: BudgetServer, query: str, source: str | None = None) -> tuple[int, str]:
    """The answer to a query, sent from the loopback address ``source`` when one is given."""
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    if source is None:
        return get(server.url + path)
    return get_from(server, source, path)[:2]


def get_from(server: BudgetServer, source: str, path: str) -> tuple[int, str, dict[str, str]]:
    """A GET sent from another loopback address (127.0.0.2 …): another client, as the server sees it."""
    connection = http.client.HTTPConnection("127.0.0.1", port(server), timeout=30, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), dict(response.getheaders())
    finally:
        connection.close()


def port(server: BudgetServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def normal_question(server: BudgetServer) -> tuple[int, str]:
    return get(f"{server.url}/queries/documents?format=csv")


def raw(server: BudgetServer, request: bytes, wait: float = 10) -> bytes:
    """What the server answers to bytes sent as they are, until it closes the connection (a reset
    by the server, which refuses the rest of what is sent, is the answer ``RESET``)."""
    port = int(server.url.rsplit(":", 1)[1])
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as connection:
        try:
            connection.sendall(request)
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            return received or RESET
    return received


def post_head(length: str, more: bytes = b"") -> bytes:
    """The head of a POST of a query to /sparql, with this Content-Length."""
    head = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    return head.encode() + f"Content-Length: {length}\r\n".encode() + more + b"\r\n"


def status_line(answer: bytes) -> bytes:
    """The status of an answer without its HTTP version (the server answers 1.0 to a request it
    could not read to the end), or the answer itself when it is none."""
    first = answer.split(b"\r\n", 1)[0]
    return first.split(b" ", 1)[1] if first.startswith(b"HTTP/1.") else answer


# ---- runaway queries


def test_slow_queries_end_at_their_deadline_and_their_workers_are_replaced(server: BudgetServer) -> None:
    assert normal_question(server)[0] == 200
    before = set(server.evaluator.worker_pids())
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=5) as pool:
        slow = [pool.submit(lambda: (ask(server, SLOW), time.monotonic() - started)) for _ in range(4)]
        time.sleep(0.5)
        # a question not asked before (so not answered from the answers kept)
        status, text = get(f"{server.url}/queries/documents?format=csv&region=420103")
        answered_after = time.monotonic() - started
        results = [future.result() for future in slow]
    assert status == 200 and DOCUMENT in text and answered_after < TIMEOUT
    # two run to their deadline; two find both workers busy and are refused after waiting a moment
    messages = sorted(
        message for (code, message), elapsed in results if code == 503 and elapsed < TIMEOUT + 3
    )
    assert len(messages) == 4
    assert all("all 2 query workers of the endpoint are busy" in message for message in messages[:2])
    assert all(f"time limit of {TIMEOUT:g} s" in message for message in messages[2:])
    # the workers that ran the slow queries were killed
    after = set(server.evaluator.worker_pids())
    killed = before - after
    assert len(killed) == 2 and not any(Path(f"/proc/{pid}").exists() for pid in killed)
    assert len(after) == 2 * OPTIONS.workers
    # the slots are free again and the memory of the killed queries is back
    code, text = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }")
    assert code == 200 and '"n"' in text
    assert sum(resident_kib(pid) for pid in after) < 2 * OPTIONS.workers * 200 * 1024


def test_workers_holding_memory_are_replaced(store_path: Path) -> None:
    job = Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    over_its_memory = WorkerPool(store_path, 1, max_kib=1)
    idle = WorkerPool(store_path, 1, idle_seconds=1, idle_growth_kib=1)
    try:
        first = over_its_memory.pids()
        assert over_its_memory.evaluate(job, time.monotonic() + 30)[0] == "solutions"
        assert over_its_memory.pids() != first  # replaced as soon as it answered
        first = idle.pids()
        assert idle.evaluate(job, time.monotonic() + 30)[0] == "solutions"
        assert idle.pids() == first
        waited = time.monotonic()
        while idle.pids() == first and time.monotonic() - waited < 15:
            time.sleep(0.5)
        assert idle.pids() != first  # replaced once idle for a second, holding more than it started with
    finally:
        over_its_memory.close()
        idle.close()


def test_a_query_over_the_memory_limit_is_stopped_and_its_worker_replaced(store_path: Path) -> None:
    options = ServeOptions(port=0, timeout=60, workers=1, query_memory_mib=300)
    for server in running(store_path, options):
        before = set(server.evaluator.worker_pids())
        started = time.monotonic()
        code, message = ask(server, HUNGRY)
        assert code == 503 and "needed more memory than the server allows a query (300 MiB)" in message
        assert time.monotonic() - started < 30
        after = set(server.evaluator.worker_pids())
        killed = before - after
        assert len(killed) == 1 and not any(Path(f"/proc/{pid}").exists() for pid in killed)
        assert len(after) == 2 * options.workers
        assert normal_question(server)[0] == 200
        assert ask(server, "ASK { ?s ?p ?o }")[0] == 200
        assert all(resident_kib(pid) < 300 * 1024 for pid in after)


def test_one_client_cannot_hold_every_worker_of_the_endpoint(store_path: Path) -> None:
    options = ServeOptions(port=0, timeout=6, workers=3, client_queries=2)
    slow = "/sparql?" + urllib.parse.urlencode({"query": SLOW})
    for server in running(store_path, options):
        with ThreadPoolExecutor(max_workers=3) as pool:
            flood = [pool.submit(get_from, server, "127.0.0.1", slow) for _ in range(3)]
            done, _ = wait(flood, timeout=3, return_when=FIRST_COMPLETED)
            code, message, headers = done.pop().result()
            assert code == 429 and "2 endpoint queries of this client address are running" in message
            assert headers["Retry-After"] == "6"
            # a query refused on its own merits is refused as such, whatever the client runs
            service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
            assert ask(server, service)[0] == 400
            # another client's query finds the worker the flood could not take
            started = time.monotonic()
            assert ask(server, "ASK { ?s ?p ?o }", source="127.0.0.2")[0] == 200
            assert time.monotonic() - started < 3
            assert sorted(future.result()[0] for future in flood) == [429, 503, 503]
        assert server.evaluator.endpoint_clients.held("127.0.0.1") == 0
        assert ask(server, "ASK { ?s ?p ?o }")[0] == 200


# ---- SERVICE


def test_service_is_refused_however_it_is_written(server: BudgetServer) -> None:
    seen: list[Seen] = []
    with stub_endpoint(200, STUB_RESULTS, "application/sparql-results+json", seen=seen) as url:
        written = [
            f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
            f"PREFIX remote: <{url.rsplit('/', 1)[0]}/>\nSELECT * {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
            f"BASE <{url}>\nSELECT * WHERE {{ SERVICE <other> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {{ ?s ?p ?o }} }}",
        ]
        for query in written:
            code, message = ask(server, query)
            assert code == 400 and "--allow-service" in message, query
    assert seen == []


def test_service_words_that_are_no_service_are_answered(server: BudgetServer) -> None:
    not_services = [
        "# SERVICE <http://127.0.0.1:9/> { }\nSELECT (COUNT(*) AS ?n) WHERE { ?s a ?o }",
        'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?service) }',
        "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",
    ]
    for query in not_services:
        assert ask(server, query)[0] == 200, query


def test_service_on_an_allowed_host_is_called(store_path: Path) -> None:
    seen: list[Seen] = []
    with stub_endpoint(200, STUB_RESULTS, "application/sparql-results+json", seen=seen) as url:
        options = ServeOptions(port=0, timeout=10, workers=1, allow_service=("127.0.0.1",))
        for allowed in running(store_path, options):
            code, text = ask(allowed, f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}")
            assert code == 200 and "from-the-stub" in text
    assert len(seen) == 1


def test_service_targets_read_as_sparql() -> None:
    query = (
        "BASE <http://base.example/q/>\nPREFIX r: <http://prefixed.example/>\n"
        "SELECT * WHERE { SERVICE r:x {} SERVICE <rel> {} SERVICE ?v {} # SERVICE <http://comment.example/>\n"
        "FILTER(?a = 'SERVICE <http://string.example/>') }"
    )
    assert [host for _, host in services(query)] == ["prefixed.example", "base.example", None]


# ---- malformed, oversized and slow requests


def test_a_body_that_is_not_utf8_is_a_400(server: BudgetServer) -> None:
    body = "SELECT * WHERE { ?s ?p '预算' }".encode("gb18030")
    answer = raw(server, post_head(str(len(body)), b"Connection: close\r\n") + body)
    assert answer.startswith(b"HTTP/1.1 400") and b"not UTF-8" in answer


@pytest.mark.parametrize("length", ["-1", "-5", "1e3", "0x10"])
def test_a_malformed_content_length_is_a_400(server: BudgetServer, length: str) -> None:
    assert raw(server, post_head(length) + b"ASK {}").startswith(b"HTTP/1.1 400")


def test_oversized_headers_and_bodies_are_refused(server: BudgetServer) -> None:
    long_header = b"GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"a" * 10_000 + b"\r\n\r\n"
    assert status_line(raw(server, long_header)) in (TOO_MANY_HEADERS, RESET)
    many_headers = (
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(2000)) + b"\r\n"
    )
    assert status_line(raw(server, many_headers)) in (TOO_MANY_HEADERS, RESET)
    big = post_head("70000")
    assert status_line(raw(server, big)) == b"413 Request Entity Too Large"
    assert status_line(raw(server, big + b"#" * 70_000)) in (b"413 Request Entity Too Large", RESET)


def test_slow_clients_are_disconnected_and_hold_no_thread(server: BudgetServer) -> None:
    threads = threading.active_count()
    port = int(server.url.rsplit(":", 1)[1])
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3 * OPTIONS.threads)]
    try:
        for connection in slow:
            connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nASK")
        time.sleep(0.3)
        started = time.monotonic()
        assert normal_question(server)[0] == 200  # more slow clients than threads, and still answered
        assert time.monotonic() - started < 1.5
        for connection in slow:
            assert connection.recv(1024) in (b"", b"HTTP/1.1 408")  # closed by the server
        assert time.monotonic() - started < OPTIONS.client_timeout + 3
    finally:
        for connection in slow:
            connection.close()
    assert threading.active_count() <= threads + 1


class HeaderTrickle:
    """Connections from one loopback address, each sending a request's first line and then a header
    line every ``every`` seconds, never ending its headers; each one the server closes is opened again."""

    def __init__(self, server: BudgetServer, count: int, every: float, source: str = "127.0.0.1") -> None:
        self.server, self.count, self.every, self.source = server, count, every, source
        self.closed = 0
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HeaderTrickle:
        self._open = [self._connect() for _ in range(self.count)]
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for connection in self._open:
            connection.close()

    def wait_closed(self, count: int, within: float) -> bool:
        """Whether the server has closed ``count`` of the connections, waiting up to ``within`` seconds."""
        until = time.monotonic() + within
        while self.closed < count and time.monotonic() < until:
            self._stop.wait(0.1)
        return self.closed >= count

    def _connect(self) -> socket.socket:
        connection = socket.create_connection(
            ("127.0.0.1", port(self.server)), timeout=5, source_address=(self.source, 0)
        )
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        return connection

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            ended, _, _ = select.select(self._open, [], [], 0)
            kept: list[socket.socket] = []
            for connection in self._open:
                try:
                    if connection in ended and not connection.recv(1024):
                        raise ConnectionResetError
                    connection.sendall(b"X-Trickle: 1\r\n")
                    kept.append(connection)
                except OSError:
                    connection.close()
                    self.closed += 1
                    kept.append(self._connect())
            self._open = kept


def test_headers_that_never_end_are_cut_at_their_deadline(store_path: Path) -> None:
    options = ServeOptions(
        port=0,
        timeout=10,
        workers=1,
        connections=20,
        client_connections=100,
        header_timeout=2,
        client_timeout=30,
    )
    for server in running(store_path, options):
        # more trickling connections than the server takes: without the deadline, nobody else gets in
        with HeaderTrickle(server, 25, every=0.3) as attack:
            time.sleep(0.5)
            started = time.monotonic()
            assert normal_question(server)[0] == 200
            assert time.monotonic() - started < options.header_timeout + 3
            # the trickling connections were closed at their deadline (and opened again)
            assert attack.wait_closed(15, within=options.header_timeout + 3)
        # a request whose headers come whole in time is answered on the same connection
        answer = raw(server, b"GET /queries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200")


def test_connections_over_an_address_share_are_closed_at_once(store_path: Path) -> None:
    options = ServeOptions(
        port=0, timeout=10, workers=1, connections=20, client_connections=5, header_timeout=30
    )
    for server in running(store_path, options):
        flood = [socket.create_connection(("127.0.0.1", port(server)), timeout=5) for _ in range(25)]
        try:
            for connection in flood:
                connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            closed: set[socket.socket] = set()
            until = time.monotonic() + 3
            while len(closed) < 20 and time.monotonic() < until:
                ended, _, _ = select.select([c for c in flood if c not in closed], [], [], 0.2)
                closed.update(ended)
            assert len(closed) == 20 and all(_ended(connection) for connection in closed)
            # the five kept are still open, and another address is answered at once
            assert not any(select.select([c for c in flood if c not in closed], [], [], 0.5)[0])
            started = time.monotonic()
            assert get_from(server, "127.0.0.2", "/queries/documents?format=csv")[0] == 200
            assert time.monotonic() - started < 2
            with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
                get_from(server, "127.0.0.1", "/queries")
        finally:
            for connection in flood:
                connection.close()


def _ended(connection: socket.socket) -> bool:
    try:
        return connection.recv(1024) == b""
    except ConnectionResetError:
        return True


# ---- answers kept


def test_answers_are_kept_up_to_a_number_of_cells() -> None:
    cache = AnswerCache(max_cells=40)
    row = Outcome("solutions", ["a", "b"], [(None, None)] * 4)  # 9 cells
    keys = [AnswerCache.key(f"SELECT {n}", None, (), ()) for n in range(5)]
    for key in keys:
        cache.put(key, row)
    assert cache.get(keys[0]) is None and cache.get(keys[1]) is row  # 45 cells: the oldest went
    cache.put(keys[0], row)
    assert cache.get(keys[2]) is None and cache.get(keys[1]) is row  # the least recently used went
    cache.put(AnswerCache.key("SELECT big", None, (), ()), Outcome("solutions", ["a"], [(None,)] * 20))
    assert cache.get(AnswerCache.key("SELECT big", None, (), ())) is None  # over a quarter of the limit
    cache.clear()
    assert cache.get(keys[1]) is None


# ---- updates on a store folder


def test_an_update_is_seen_by_the_next_query(tmp_path: Path) -> None:
    """The workers opened the store read-only before the update; they are replaced after it."""
    folder = tmp_path / "kg"
    EmbeddedStore(folder).close()
    store = EmbeddedStore(folder)
    options = ServeOptions(port=0, timeout=10, workers=1, update_token="s3cret-token")
    count = "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ?s ex:p ?o }"
    try:
        for server in serving(store, options):
            assert '"value":"0"' in ask(server, count)[1].replace(" ", "")
            insert = b"PREFIX ex: <http://example.org/> INSERT DATA { GRAPH ex:g { ex:s ex:p 1 } }"
            request = urllib.request.Request(
                f"{server.url}/sparql",
                data=insert,
                headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret-token"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 204
            assert '"value":"1"' in ask(server, count)[1].replace(" ", "")
    finally:
        store.close()


# ---- parameters of the downloads


def test_download_parameters_are_checked_as_the_questions_are(server: BudgetServer) -> None:
    for extension in ("csv", "parquet"):
        code, message = get(f"{server.url}/downloads/documents.{extension}?phase=xyz")
        assert code == 400 and "not in the code list budget-phase" in message, message
        code, message = get(f"{server.url}/downloads/documents.{extension}?colour=red")
        assert code == 400 and "unknown parameter(s) colour" in message, message
    code, message = get(f"{server.url}/downloads/documents.csv?format=parquet")
    assert code == 400 and "the extension chooses the format" in message
    everything = get(f"{server.url}/downloads/documents.csv")
    assert everything[0] == 200 and DOCUMENT in everything[1]
    assert get(f"{server.url}/downloads/documents.csv?region=420103&format=csv") == everything
    code, text = get(f"{server.url}/downloads/documents.csv?region=110000")
    assert code == 200 and DOCUMENT not in text and len(text.splitlines()) == 1  # the header alone
