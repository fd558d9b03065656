"""Benchmark: ``budgetkg serve`` under load, with slow and hostile requests mixed in.

``budgetkg serve`` is started on a store of the shared documents (built first when the folder does
not exist) and CLIENTS clients send requests for SECONDS seconds, each picking at random:

* a saved question (most requests): every question of the catalogue, with no parameters or with the
  region of a document of the store; it must be answered 200;
* a runaway query (``SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }``): 503 at
  the server's deadline, or 429 when this address already runs its share of endpoint queries;
* a hostile request: SERVICE to a local address (400), a body that is not UTF-8 (400),
  ``Content-Length: -1`` (400), oversized headers (431, or the connection closed), a client that
  sends half a request and waits (the server closes the connection).

Beside them, all the while, two attacks on the connections from other loopback addresses:
SLOW_HEADERS connections (over 127.0.0.2 to 127.0.0.6) that send a request's first line and then a
header line every few seconds, never ending the headers (the server closes each at its header
deadline; each is opened again at once), and a flood of twice the connections one address may hold
from 127.0.0.7, each sending half a request line (those over the share are closed as they come).

Printed: requests per second, the median and 99th percentile time of the saved questions, every
answer that was not the expected one (0 expected), and the resident memory of the server and its
query workers before, at the end, and once it has settled (at most a minute after).

    python bench/serve_load.py [--store FOLDER] [--clients 50] [--seconds 60] [--timeout 10]
                               [--slow-headers 60] [--client-connections 64]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from budgetkg.paths import PROJECT_ROOT
from budgetkg.questions import catalogue

SHARED = PROJECT_ROOT.parent / "shared"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
CLIENT_TIMEOUT = 5
WARM_UP = 10.0  # seconds in which every question is asked a first time
HOSTILE = ("service", "not-utf8", "negative-length", "oversized-header", "slow-client")


@dataclass
class Tally:
    """What the clients saw, shared between them."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    normal_seconds: list[tuple[float, float]] = field(default_factory=list)  # (started, seconds)
    counts: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str, expected: bool, started: float, seconds: float, what: str) -> None:
        with self.lock:
            self.counts[kind] += 1
            if kind == "question":
                self.normal_seconds.append((started, seconds))
            if not expected:
                self.errors[f"{kind}: {what}"] += 1


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument(
        "--store", type=Path, default=Path(tempfile.gettempdir()) / "budgetkg-serve-load-kg"
    )
    arguments.add_argument("--clients", type=int, default=50)
    arguments.add_argument("--seconds", type=float, default=60.0)
    arguments.add_argument("--timeout", type=float, default=10.0, help="the server's query time limit")
    arguments.add_argument("--workers", type=int, default=4)
    arguments.add_argument(
        "--slow-headers", type=int, default=60, help="connections that never end their headers"
    )
    arguments.add_argument(
        "--client-connections", type=int, default=64, help="the server's cap of connections per address"
    )
    options = arguments.parse_args()
    if not options.store.exists():
        budgetkg = [sys.executable, "-m", "budgetkg.cli"]
        subprocess.run(
            [*budgetkg, "build", str(SHARED / "real"), str(SHARED / "seeds"), "--store", str(options.store)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "budgetkg.cli",
        "serve",
        "--store",
        str(options.store),
        "--port",
        str(port),
        "--timeout",
        str(options.timeout),
        "--workers",
        str(options.workers),
        "--client-timeout",
        str(CLIENT_TIMEOUT),
        "--client-connections",
        str(options.client_connections),
    ]
    # the server's log goes to a file: a pipe nobody reads would fill and stop the server when it writes
    with tempfile.TemporaryFile() as log_file:
        _serve_and_load(options, command, port, log_file)


def _serve_and_load(options: argparse.Namespace, command: list[str], port: int, log_file: IO[bytes]) -> None:
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log_file)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        questions = _question_urls(base)
        before = _tree_rss_mib(server.pid)
        print(f"server process before: {_tree_rss_mib(server.pid, children=False):.0f} MiB")
        tally = Tally()
        stop_at = time.monotonic() + options.seconds
        clients = [
            threading.Thread(target=_client, args=(base, port, questions, tally, stop_at, seed), daemon=True)
            for seed in range(options.clients)
        ]
        sources = [f"127.0.0.{n}" for n in range(2, 7)]
        trickle = Siege(port, [sources[n % len(sources)] for n in range(options.slow_headers)], every=3.0)
        flood = Siege(port, ["127.0.0.7"] * 2 * options.client_connections, every=3.0, trickle=False)
        started = time.monotonic()
        with trickle, flood:
            for client in clients:
                client.start()
            for client in clients:
                client.join()
        elapsed = time.monotonic() - started
        at_end = _tree_rss_mib(server.pid)
        settled, waited = _settled_rss_mib(server.pid, before)
        _report(options, tally, elapsed, len(questions), before, at_end, settled, waited)
        print(
            f"slow headers: {options.slow_headers} connections, {trickle.closed} closed by the server; "
            f"flood from one address: {len(flood.sources)} connections, {flood.closed} closed by the server"
        )
        print(f"  of which the server process itself: {_tree_rss_mib(server.pid, children=False):.0f} MiB")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log_file.seek(0)
        log = log_file.read().decode("utf-8", "replace")
        tracebacks = log.count("Traceback")
        print(f"server log: {tracebacks} tracebacks, {log.count('unsendable')} 'unsendable'")
        for line in sorted(set(log.splitlines()))[:10]:
            print(f"  {line[:200]}")


def _client(base: str, port: int, questions: list[str], tally: Tally, stop_at: float, seed: int) -> None:
    chooser = random.Random(seed)
    while time.monotonic() < stop_at:
        draw = chooser.random()
        if draw < 0.8:
            url = chooser.choice(questions)
            _timed(tally, "question", functools.partial(_expect, url, 200), url)
        elif draw < 0.85:
            _timed(tally, "slow", lambda: _get(_sparql(base, SLOW)) in (503, 429), "runaway query")
        else:
            kind = chooser.choice(HOSTILE)
            _timed(tally, kind, HOSTILE_REQUESTS[kind](base, port), kind)


class Siege:
    """A connection from each of ``sources`` sending a request's first line, then (``trickle``) a header
    line every ``every`` seconds, never ending its headers; each one the server closes is opened again."""

    def __init__(self, port: int, sources: list[str], every: float, trickle: bool = True) -> None:
        self.port, self.sources, self.every, self.trickle = port, sources, every, trickle
        self.closed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Siege:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _connect(self, source: str) -> socket.socket | None:
        try:
            connection = socket.create_connection(
                ("127.0.0.1", self.port), timeout=5, source_address=(source, 0)
            )
            connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" if self.trickle else b"GET /")
        except OSError:
            return None
        return connection

    def _run(self) -> None:
        held = [(source, self._connect(source)) for source in self.sources]
        while not self._stop.wait(self.every):
            open_ = [connection for _, connection in held if connection is not None]
            ended, _, _ = select.select(open_, [], [], 0)
            kept: list[tuple[str, socket.socket | None]] = []
            for source, connection in held:
                try:
                    if connection is None or (connection in ended and not connection.recv(1024)):
                        raise ConnectionResetError
                    if self.trickle:
                        connection.sendall(b"X-Trickle: 1\r\n")
                    kept.append((source, connection))
                except OSError:
                    if connection is not None:
                        connection.close()
                        self.closed += 1
                    kept.append((source, self._connect(source)))
            held = kept
        for _, connection in held:
            if connection is not None:
                connection.close()


def _timed(tally: Tally, kind: str, attempt: Callable[[], bool], what: str) -> None:
    started = time.monotonic()
    try:
        expected = attempt()
        problem = what
    except OSError as error:
        expected, problem = False, f"{what}: {type(error).__name__} {error}"
    tally.record(kind, expected, started, time.monotonic() - started, problem)


def _get(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)


def _expect(url: str, status: int) -> bool:
    got = _get(url)
    if got != status:
        raise OSError(f"HTTP {got}")
    return True


def _sparql(base: str, query: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query})


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT + 30) as connection:
        received = b""
        try:
            connection.sendall(request)
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            return received or b"reset"
        return received or b"closed"


def _status(answer: bytes) -> bytes:
    first = answer.split(b"\r\n", 1)[0]
    return first.split(b" ")[1] if first.startswith(b"HTTP/1.") else answer


def _post_head(length: str) -> bytes:
    return (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
    )


HOSTILE_REQUESTS: dict[str, Callable[[str, int], Callable[[], bool]]] = {
    "service": lambda base, port: lambda: _get(_sparql(base, SERVICE)) == 400,
    "not-utf8": lambda base, port: (
        lambda: (
            _get(
                f"{base}/sparql",
                "ASK { ?s ?p '预算' }".encode("gb18030"),
                {"Content-Type": "application/sparql-query"},
            )
            == 400
        )
    ),
    "negative-length": lambda base, port: lambda: _status(_raw(port, _post_head("-1") + b"ASK {}")) == b"400",
    "oversized-header": lambda base, port: (
        lambda: (
            _status(_raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"a" * 200_000 + b"\r\n\r\n"))
            in (b"431", b"reset")
        )
    ),
    "slow-client": lambda base, port: lambda: _raw(port, _post_head("100") + b"ASK") in (b"closed", b"reset"),
}


def _question_urls(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/queries/documents?format=json", timeout=120) as response:
        documents = json.loads(response.read())
    regions = sorted({str(row["region_code"]) for row in documents["rows"] if row.get("region_code")})
    urls = []
    for name, question in catalogue().items():
        urls.append(f"{base}/queries/{name}?format=json")
        if any(parameter.name == "region" for parameter in question.parameters):
            urls += [f"{base}/queries/{name}?format=json&region={region}" for region in regions[:3]]
    return urls


def _report(
    options: argparse.Namespace,
    tally: Tally,
    elapsed: float,
    questions: int,
    before: float,
    at_end: float,
    settled: float,
    waited: float,
) -> None:
    total = sum(tally.counts.values())
    first = min((started for started, _ in tally.normal_seconds), default=0.0)
    print(
        f"{options.clients} clients for {elapsed:.0f} s, "
        f"server --timeout {options.timeout:g} --workers {options.workers}"
    )
    print(
        f"requests: {total} ({total / elapsed:.1f}/s); by kind: "
        + ", ".join(f"{k} {v}" for k, v in sorted(tally.counts.items()))
    )
    for label, after in (("all", 0.0), (f"sent after the first {WARM_UP:g} s", WARM_UP)):
        seconds = sorted(taken for started, taken in tally.normal_seconds if started - first >= after)
        if seconds:
            p99 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))]
            print(
                f"saved questions ({questions} URLs), {label}: {len(seconds)}, "
                f"p50 {statistics.median(seconds):.3f} s, p99 {p99:.3f} s, max {seconds[-1]:.3f} s"
            )
    print(f"errors: {sum(tally.errors.values())}")
    for what, count in tally.errors.most_common(10):
        print(f"  {count} × {what}")
    print(
        f"server RSS (with its query workers): before {before:.0f} MiB, at the end {at_end:.0f} MiB, "
        f"{waited:.0f} s later {settled:.0f} MiB"
    )


def _tree_rss_mib(root: int, children: bool = True) -> float:
    """The resident memory of a process and (unless told not to) all its descendants."""
    descendants: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        descendants.setdefault(int(fields[1]), []).append(int(status.parent.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += descendants.get(pid, []) if children else []
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _settled_rss_mib(root: int, before: float) -> tuple[float, float]:
    started = time.monotonic()
    while True:
        now = _tree_rss_mib(root)
        waited = time.monotonic() - started
        if now <= before * 1.05 or waited >= 60:
            return now, waited
        time.sleep(2)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            _get(f"{base}/queries")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    main()
