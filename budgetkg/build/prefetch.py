"""Reading ahead of the writer: the reader's results gathered in a thread while the writer writes.

The worker pool hands out a document to a worker only when it collects that worker's last result,
and it collects only when the build asks for the next one; while the writer loads a batch into the
store (pyoxigraph lets other threads run meanwhile), the workers would sit idle, or wait to send a
result larger than the pipe holds.  A thread keeps collecting and handing out instead, holding up to
``ahead`` results for the writer.  Should the build stop early, the thread stops the reader (its
workers end) the next time it has a result to hand over.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

Item = TypeVar("Item")
_END = object()
_POLL_SECONDS = 0.2


class _Failure:
    """An exception of the reading thread, raised again in the thread that takes the results."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(results: Iterator[Item], ahead: int) -> Generator[Item, None, None]:
    """The items of ``results``, taken from it by a thread of their own up to ``ahead`` in advance."""
    waiting: queue.Queue[object] = queue.Queue(maxsize=max(1, ahead))
    stopped = threading.Event()

    def hand_over(item: object) -> bool:
        while not stopped.is_set():
            try:
                waiting.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def collect() -> None:
        try:
            for item in results:
                if not hand_over(item):
                    break
        except BaseException as error:  # raised again where the results are taken
            hand_over(_Failure(error))
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()
            hand_over(_END)

    thread = threading.Thread(target=collect, name="budgetkg-read-ahead", daemon=True)
    thread.start()
    finished = False
    try:
        while True:
            item = waiting.get()
            if item is _END:
                finished = True
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stopped.set()
        # stopped early, the thread may be waiting for a document: it stops the workers once that
        # is read, and they end with this process in any case (budgetkg.lifetime)
        thread.join(timeout=None if finished else _POLL_SECONDS * 5)
