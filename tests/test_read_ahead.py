"""Reading ahead of the writer: every result, in order, errors raised where the results are taken,
and a reader stopped when the build stops early."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from budgetkg.build.prefetch import read_ahead


def test_every_result_comes_in_the_order_read() -> None:
    assert list(read_ahead(iter(range(1000)), 3)) == list(range(1000))


def test_the_reader_runs_ahead_while_the_writer_is_busy() -> None:
    taken: list[int] = []

    def results() -> Iterator[int]:
        for number in range(4):
            taken.append(number)
            yield number

    ahead = read_ahead(results(), 2)
    assert next(ahead) == 0
    time.sleep(0.5)  # the writer writing: the reader takes the next results meanwhile
    assert taken == [0, 1, 2, 3]
    assert list(ahead) == [1, 2, 3]


def test_an_error_of_the_reader_is_raised_to_the_writer_after_the_results_before_it() -> None:
    def results() -> Iterator[int]:
        yield 1
        raise OSError("the pipe broke")

    ahead = read_ahead(results(), 4)
    assert next(ahead) == 1
    with pytest.raises(OSError, match="the pipe broke"):
        next(ahead)


def test_a_writer_that_stops_early_stops_the_reader() -> None:
    closed = threading.Event()

    def results() -> Iterator[int]:
        try:
            yield from range(1_000_000)
        finally:
            closed.set()  # where the worker pool stops its workers

    ahead = read_ahead(results(), 2)
    assert next(ahead) == 0
    ahead.close()
    assert closed.wait(timeout=5)
