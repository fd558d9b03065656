"""The progress bar: drawn on a terminal with done of all, failures and time left; silent elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from budgetkg.cli import main
from budgetkg.progress import Progress
from budgetkg.store import EmbeddedStore
from budgetkg.validate import validate_store


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_done_failed_and_time_left() -> None:
    screen = Terminal()
    progress = Progress("build", 0, stream=screen)
    progress.add(4)
    progress.advance()
    progress.advance(failed=True)
    for _ in range(2):
        progress.advance()
    last = screen.getvalue().split("\r")[-1]
    assert last.startswith("build [########################] 4/4, 1 failed, 0:00 elapsed, 0:00 left")
    progress.close()
    assert screen.getvalue().endswith("\r\x1b[K")


def test_a_pipe_gets_nothing() -> None:
    pipe = io.StringIO()
    progress = Progress("build", 3, stream=pipe)
    progress.advance()
    progress.close()
    assert pipe.getvalue() == ""
    assert Progress("build", 3, stream=Terminal(), enabled=False).enabled is False


def test_half_done_shows_half_a_bar_and_an_estimate() -> None:
    progress = Progress("validate", 10, stream=Terminal())
    for _ in range(5):
        progress.advance()
    assert "[############............] 5/10, 0 failed," in progress.line()
    assert not progress.line().endswith("? left")


def test_a_folder_without_documents_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    assert main(["build", str(tmp_path), "--store", str(tmp_path / "kg")]) == 2
    err = capsys.readouterr().err
    assert "skipped 1 file(s) budgetkg does not read: photo.jpg" in err
    assert f"no documents in {tmp_path}" in err
    assert not (tmp_path / "kg").exists(), "a refused build leaves no store behind"


def test_validation_advances_once_per_document(seed_store: EmbeddedStore) -> None:
    screen = Terminal()
    progress = Progress("validate", 0, stream=screen)
    validate_store(seed_store, workers=1, cross_document=False, progress=progress)
    assert (progress.done, progress.total, progress.failed) == (5, 5, 0)
    assert "validate [########################] 5/5, 0 failed" in screen.getvalue()
