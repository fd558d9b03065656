"""SPARQL servers for the tests: Oxigraph server (as it starts, and with its default graph the union of
its graphs) and Virtuoso 7, each started on 127.0.0.1 only.

Every server runs as a child process in a temporary folder, on ports chosen free at run time, and is
stopped by its own process id when the test session is done.  ``setup.sh`` in this folder installs
Virtuoso for CI when it is missing; the ``oxigraph`` binary comes with the dev extra.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

READY_SECONDS = 60.0
HERE = Path(__file__).resolve().parent
PR_SET_PDEATHSIG = 1


@dataclass
class RunningServer:
    """A server process and the URLs and credentials to reach it."""

    name: str
    process: subprocess.Popen[bytes]
    folder: Path
    query_url: str
    graph_store_url: str
    update_user: str | None = None
    update_password: str | None = None
    update_auth: str | None = None
    union_default_graph: bool = False
    """Its default graph is the union of its named graphs (no dataset need be sent)."""
    notes: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the process cleanly (SIGTERM), or kill it when it does not stop in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        """The tail of the server's own log, for failure messages."""
        texts = []
        for path in sorted(self.folder.glob("*.log")):
            texts.append(path.read_text(encoding="utf-8", errors="replace")[-3000:])
        return "\n".join(texts)


def sparql(name: str) -> str:
    """The text of a test query kept beside this module (``tests/servers/<name>.rq``)."""
    return (HERE / f"{name}.rq").read_text(encoding="utf-8")


def find_binary(name: str) -> str | None:
    """A program on PATH, or installed beside the running Python (a virtual environment's bin)."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def require_binary(name: str, hint: str) -> str:
    """The path of ``name``; skip with a reason when it is missing, but fail under CI."""
    path = find_binary(name)
    if path is not None:
        return path
    message = f"{name} is not installed ({hint})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


# Looked up here, in the parent: the child may only call it (loading a library after fork can hang).
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    """In the child before exec: have the kernel stop it if the test process dies without cleaning up."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def password() -> str:
    """A random alphanumeric password starting with a letter (Virtuoso's SQL accepts no other)."""
    alphabet = string.ascii_letters + string.digits
    return secrets.choice(string.ascii_letters) + "".join(secrets.choice(alphabet) for _ in range(19))


def wait_until_ready(server: RunningServer, url: str, seconds: float = READY_SECONDS) -> None:
    """Poll ``url`` until the server answers at all; fail with its log if it exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer at {url} within {seconds} s:\n{server.log()}")


def spawn(command: list[str], folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """A server process running in ``folder``, its output written to ``log``; it dies with the tests."""
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )


def start_oxigraph(binary: str, folder: Path, union_default_graph: bool = False) -> RunningServer:
    """``oxigraph serve`` on a free port of 127.0.0.1, its data in ``folder``; with
    ``union_default_graph``, started with ``--union-default-graph`` (the default graph of a query
    without a dataset is then the union of all graphs)."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    command = [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = spawn(command, folder, folder / "oxigraph.log")
    base = f"http://127.0.0.1:{port}"
    name = "oxigraph-union" if union_default_graph else "oxigraph"
    server = RunningServer(
        name, process, folder, f"{base}/query", f"{base}/store", union_default_graph=union_default_graph
    )
    server.notes["update_url"] = f"{base}/update"
    wait_until_ready(server, f"{base}/query?query=ASK%7B%7D")
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
CaseMode             = 2
DirsAllowed          = ., {folder}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty_buffers}
ThreadsPerQuery      = 1
MaxQueryMem          = 1G

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 120
"""


def _isql(binary: str, port: int, user: str, secret: str, statement: str) -> None:
    completed = subprocess.run(
        [binary, f"127.0.0.1:{port}", user, secret, f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if completed.returncode != 0 or "*** Error" in completed.stdout + completed.stderr:
        raise RuntimeError(f"isql failed on {statement!r}: {completed.stdout}{completed.stderr}")


def start_virtuoso(
    binary: str, isql: str, folder: Path, max_rows: int, buffers: int = 20000
) -> RunningServer:
    """Our own Virtuoso instance (not the packaged service) on free ports of 127.0.0.1.

    The dba password is changed to a random one at once, and a user allowed SPARQL updates is made
    for the Graph Store Protocol, which Virtuoso guards with HTTP Digest authentication.  ``buffers``
    is the number of 8 KiB pages of its cache.  Files for
    its bulk loader must lie in ``folder`` (the only folder its ``DirsAllowed`` names).  A query
    runs on one thread and the server takes no checkpoint of its own (the bulk loader asks for
    one): once, a question on the 105-document corpus never got an answer, the server idle, while
    the other test process kept both cores busy.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder,
            sql_port=sql_port,
            http_port=http_port,
            max_rows=max_rows,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
        ),
        encoding="utf-8",
    )
    process = spawn([binary, "+foreground", "+configfile", str(ini)], folder, folder / "console.log")
    base = f"http://127.0.0.1:{http_port}"
    server = RunningServer(
        "virtuoso",
        process,
        folder,
        f"{base}/sparql",
        f"{base}/sparql-graph-crud-auth",
        update_auth="digest",
    )
    try:
        wait_until_ready(server, f"{base}/sparql?query=ASK%7B%7D")
        dba_password, user_password = password(), password()
        _isql(isql, sql_port, "dba", "dba", f"SET PASSWORD dba {dba_password};")
        _isql(
            isql,
            sql_port,
            "dba",
            dba_password,
            f"DB.DBA.USER_CREATE('budgetkg', '{user_password}'); GRANT SPARQL_UPDATE TO \"budgetkg\";",
        )
    except BaseException:
        server.stop()
        raise
    server.update_user = "budgetkg"
    server.update_password = user_password
    server.notes["auth_query_url"] = f"{base}/sparql-auth"
    server.notes["max_rows"] = str(max_rows)
    # for the bulk loader, run through isql: the SQL address and the administrator (who may run it)
    server.notes["isql"] = isql
    server.notes["sql_address"] = f"127.0.0.1:{sql_port}"
    server.notes["dba_password"] = dba_password
    return server
