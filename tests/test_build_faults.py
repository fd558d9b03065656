"""One bad document never costs the batch: exceptions, time and memory limits become that
document's failure, the others are built, and the command lists the failures and exits 1."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from pdfplumber.utils.exceptions import PdfminerException

from budgetkg.build import Limits, build, workers
from budgetkg.build.workers import SETUP_VARIABLE
from budgetkg.cli import main
from budgetkg.errors import DocumentError, StoreError
from budgetkg.layout import ReadDocument
from budgetkg.rdf import iris
from budgetkg.readers import READERS
from budgetkg.readers.failures import reading
from budgetkg.store import DOCUMENT_GRAPH_PREFIX, WRITER_LOCK, EmbeddedStore
from tests import fault_readers
from tests.test_identity import NARRATIVE_ONLY, TABLES_ONLY

SEED = "001_e33aeb18e1a17c72.txt"
WORKERS_2 = ("--workers", "2")
LIMITS = Limits(seconds=8.0, memory=1024**3)


@pytest.fixture
def batch(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a good seed beside a raising, a slow and a memory-hungry document."""
    monkeypatch.setenv(SETUP_VARIABLE, fault_readers.SETUP)
    monkeypatch.setitem(READERS, ".raises", fault_readers.read_raising)
    monkeypatch.setitem(READERS, ".slow", fault_readers.read_slowly)
    monkeypatch.setitem(READERS, ".hog", fault_readers.read_greedily)
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(seeds_dir / SEED, folder / SEED)
    for name in ("damaged.raises", "endless.slow", "greedy.hog"):
        (folder / name).write_bytes(b"\x00\x01")
    return folder


def test_each_failure_is_one_line_and_the_good_document_is_built(batch: Path, tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "kg") as store:
        started = time.monotonic()
        report = build([batch], store, workers=2, limits=LIMITS)
        elapsed = time.monotonic() - started
        graphs = [graph.rsplit("/", 1)[-1] for graph in store.document_graphs()]
    assert [built.path.name for built in report.built] == [SEED]
    assert graphs == [SEED]
    reasons = {error.document: error.reason for error in report.failed}
    assert reasons == {
        "damaged.raises": "could not be read: struct.error: unpack requires a buffer of 4 bytes",
        "endless.slow": "used more than the time limit of 8 s of processor time and was stopped",
        "greedy.hog": "over the memory limit of 1 GB (--memory-limit) while being read",
    }
    assert "struct.error" in report.tracebacks["damaged.raises"]
    assert elapsed < 60


def test_in_process_reading_has_the_same_fault_boundary(batch: Path) -> None:
    (batch / "endless.slow").unlink()
    (batch / "greedy.hog").unlink()
    report = build([batch], EmbeddedStore(None))
    assert [built.path.name for built in report.built] == [SEED]
    assert [str(error) for error in report.failed] == [
        "damaged.raises: could not be read: struct.error: unpack requires a buffer of 4 bytes"
    ]


def test_the_command_lists_failures_and_exits_1(
    batch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (batch / "endless.slow").unlink()
    store = tmp_path / "kg"
    code = main(["build", str(batch), "--store", str(store), "--workers", "1", "--memory-limit", "1G"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 document(s) built, 2 failed" in out
    assert "failed damaged.raises: could not be read: struct.error: unpack requires a buffer of 4 bytes" in (
        err
    )
    assert "failed greedy.hog: over the memory limit of 1 GB (--memory-limit) while being read" in err
    assert "budgetkg: 2 document(s) failed: damaged.raises, greedy.hog" in err
    assert "Traceback" not in err and "\r" not in err
    assert (
        main(["--debug", "build", str(batch / "damaged.raises"), "--store", str(store), "--workers", "0"])
        == 1
    )
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_second_writer_is_told_who_writes(tmp_path: Path) -> None:
    with (
        EmbeddedStore(tmp_path / "kg"),
        pytest.raises(
            StoreError, match=rf"the store .*kg is being written by another budgetkg \(pid {os.getpid()}\)"
        ),
    ):
        EmbeddedStore(tmp_path / "kg")
    EmbeddedStore(tmp_path / "kg").close()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_workers_end_when_the_build_is_killed(batch: Path, tmp_path: Path) -> None:
    environment = {**os.environ, SETUP_VARIABLE: fault_readers.SETUP}
    script = (
        "import sys; from tests.fault_readers import register; register(); "
        "from budgetkg.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            "build",
            str(batch / "endless.slow"),
            "--store",
            str(tmp_path / "kg"),
            "--workers",
            "1",
        ],
        env=environment,
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline:
        time.sleep(0.5)
        workers = [pid for pid in _children(process.pid) if _alive(pid)]
    assert workers, "no worker process started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_halves_of_one_document_are_written_once_joined(tmp_path: Path) -> None:
    (tmp_path / "说明.txt").write_text(NARRATIVE_ONLY, encoding="utf-8")
    (tmp_path / "附表.txt").write_text(TABLES_ONLY, encoding="utf-8")
    store = EmbeddedStore(None)
    first: list[str] = []
    build([tmp_path], store, on_built=lambda built: first.append(built.extraction.document.name))
    assert first == ["说明.txt", "说明.txt + 附表.txt"]
    assert [iris.document_file_name(graph) for graph in store.document_graphs()] == ["说明.txt + 附表.txt"]
    unchanged = build([tmp_path], store)
    assert unchanged.built_count == 0 and unchanged.unchanged == store.document_graphs()
    with (tmp_path / "说明.txt").open("a", encoding="utf-8") as narrative:
        narrative.write("\n")
    again: list[str] = []
    report = build([tmp_path], store, on_built=lambda built: again.append(built.extraction.document.name))
    assert again == ["说明.txt + 附表.txt"], "a half known from the store waits for its other half"
    assert [built.path.name for built in report.built] == ["说明.txt"] and not report.failed
    assert [iris.document_file_name(graph) for graph in store.document_graphs()] == ["说明.txt + 附表.txt"]


def test_a_worker_is_replaced_after_its_share_of_documents(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "DOCUMENTS_PER_WORKER", 1)
    started: list[int] = []
    original = workers.WorkerPool._start

    def counted(pool: workers.WorkerPool) -> workers._Worker:
        worker = original(pool)
        started.append(worker.process.pid or 0)
        return worker

    monkeypatch.setattr(workers.WorkerPool, "_start", counted)
    with EmbeddedStore(tmp_path / "kg") as store:
        report = build(sorted(seeds_dir.glob("*.txt"))[:3], store, workers=1)
    assert [built.path.name for built in report.built] == [
        path.name for path in sorted(seeds_dir.glob("*.txt"))[:3]
    ]
    assert not report.failed and len(set(started)) == 3


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def test_validation_workers_end_when_validate_is_killed(seeds_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    seeds = sorted(seeds_dir.glob("*.txt"))[:3]
    with EmbeddedStore(store) as opened:
        build(seeds, opened)
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetkg.cli", "--quiet", "validate", "--store", str(store), *WORKERS_2],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    started: list[int] = []
    while len(started) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        started = [pid for pid in _descendants(process.pid) if _alive(pid)]
    assert len(started) >= 2, "the validation pool did not start"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in started if _alive(pid)]
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes()[:200] for pid in left]


def test_a_reader_that_cannot_open_a_store_being_written_names_the_writer(tmp_path: Path) -> None:
    import fcntl

    with EmbeddedStore(tmp_path / "kg") as store:
        node = ox.NamedNode(DOCUMENT_GRAPH_PREFIX + "one")
        store.replace_graph(node.value, [ox.Quad(node, node, ox.Literal("一"), node)])
    for table in (tmp_path / "kg").glob("*.sst"):
        table.unlink()  # as a writer merging its tables would, between the reader's list and its open
    with open(tmp_path / "kg" / WRITER_LOCK, "w", encoding="ascii") as lock:
        lock.write("4242\n")
        lock.flush()
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match=r"while budgetkg \(pid 4242\) wrote it; ask again when it ends"):
            EmbeddedStore(tmp_path / "kg", read_only=True)
    with pytest.raises(StoreError, match=r"cannot open the store at .*kg: .*\.sst") as raised:
        EmbeddedStore(tmp_path / "kg", read_only=True)
    assert "wrote it" not in str(raised.value)


@pytest.fixture
def odd_files(tmp_path: Path, seeds_dir: Path) -> Path:
    """A folder holding a good seed beside a named pipe, a link to /dev/zero and a sparse 20 GB file."""
    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy(seeds_dir / SEED, folder / SEED)
    os.mkfifo(folder / "a.txt")
    (folder / "z.txt").symlink_to("/dev/zero")
    with (folder / "big.txt").open("wb") as handle:
        os.truncate(handle.fileno(), 20 * 1024**3)
    return folder


def test_files_that_are_not_regular_or_too_big_fail_without_being_opened(odd_files: Path) -> None:
    named = [odd_files / name for name in ("a.txt", "big.txt", SEED, "z.txt")]
    started = time.monotonic()
    report = build(named, EmbeddedStore(None))
    assert time.monotonic() - started < 30, "the sparse file must not be hashed"
    assert [built.path.name for built in report.built] == [SEED]
    assert {error.document: error.reason for error in report.failed} == {
        "a.txt": "not a regular file: a named pipe",
        "big.txt": "refused: the file is 21474836480 bytes (limit 10485760, limits.toml)",
        "z.txt": "not a regular file: a character device (a symbolic link to /dev/zero)",
    }


def test_a_folder_lists_what_is_not_a_regular_file_among_the_skipped(
    odd_files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["build", str(odd_files), "--store", str(tmp_path / "kg"), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 1, "big.txt is read and refused"
    assert (
        "budgetkg: skipped 2 file(s) that are not regular files: a.txt (a named pipe); "
        "z.txt (a character device (a symbolic link to /dev/zero))" in err
    )
    assert f"built {SEED}" in out
    assert "failed big.txt: refused: the file is 21474836480 bytes" in err


def _read_wrapped_memory_error(path: Path) -> ReadDocument:
    """Fails as pdfplumber does when pdfminer runs out of memory: the MemoryError wrapped."""
    with reading(path.name, "corrupt PDF"):
        raise PdfminerException(MemoryError("Unable to allocate output buffer."))
    raise AssertionError("unreachable")


def test_a_wrapped_memory_error_reads_as_over_the_memory_limit(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(READERS, ".oom", _read_wrapped_memory_error)
    (tmp_path / "wrapped.oom").write_bytes(b"%PDF-")
    shutil.copy(seeds_dir / SEED, tmp_path / SEED)
    report = build([tmp_path], EmbeddedStore(None))
    assert [built.path.name for built in report.built] == [SEED]
    assert [str(error) for error in report.failed] == ["wrapped.oom: refused: reading it ran out of memory"]
    over = workers.over_memory_limit("wrapped.oom", Limits(memory=512 * 1024**2))
    assert over.reason == "over the memory limit of 512 MB (--memory-limit) while being read"


def _read_noisily(path: Path) -> ReadDocument:
    """Reads nothing, but says so as pdfminer does on damaged streams, and warns once."""
    logger = logging.getLogger("pdfminer.pdftypes")
    logger.warning("Data-loss while decompressing corrupted data")
    logger.warning("Data-loss while decompressing corrupted data")
    warnings.warn("Could not get FontBBox from font descriptor", UserWarning, stacklevel=1)
    raise DocumentError(path.name, "nothing to read")


def test_library_warnings_are_one_line_naming_the_document(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(READERS, ".noisy", _read_noisily)
    (tmp_path / "damaged.noisy").write_bytes(b"data")
    shutil.copy(seeds_dir / SEED, tmp_path / SEED)
    report = build([tmp_path], EmbeddedStore(None))
    assert [built.path.name for built in report.built] == [SEED]
    assert [str(error) for error in report.failed] == ["damaged.noisy: nothing to read"]
    assert capfd.readouterr().err.splitlines() == [
        "budgetkg: damaged.noisy: 3 warning(s) of the libraries reading it: "
        "Data-loss while decompressing corrupted data (×2); "
        "UserWarning: Could not get FontBBox from font descriptor"
    ]
