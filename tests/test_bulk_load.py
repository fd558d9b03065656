"""The bulk loader's checks after a load, without a Virtuoso: the loader's list read back, the server's
status report, and the wait for the query endpoint to answer (against stand-in HTTP servers)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from budgetkg.bulk_load import (
    LOAD_STATE_MARK,
    IsqlClient,
    load_states,
    unfinished,
    virtuoso_status,
    wait_until_answering,
)
from budgetkg.errors import StoreError
from budgetkg.remote import RESULTS_JSON, Endpoint
from tests.servers.stub import silent_endpoint, stub_endpoint

GRAPH = "https://w3id.org/budgetkg/id/graph/doc/example"

STATUS_REPORT = """\
SQL> REPORT
VARCHAR
_______________________________________________________________________________

OpenLink Virtuoso  Server
Version 07.20.3229-pthreads for Linux as of Feb  8 2023
Database Status:
  File size 81788928, 9984 pages, 8157 free.
  20000 buffers, 1779 used, 0 dirty 0 wired down, repl age 0 0 w. io 0 w/crsr.
Clients: 5 connects, max 3 concurrent
RPC: 250 calls, 2 pending, 3 max until now, 0 queued, 10 burst reads (4%), 0 second 0M large, 76M max
Checkpoint Remap 19 pages, 0 mapped back. 0 s atomic time.
Lock Status: 1 deadlocks of which 0 2r1w, 4 waits,
   Currently 3 threads running 2 threads waiting 0 threads in vdb.
Pending:
  Trx  0x1a2b  w  1 locks

23 Rows. -- 5 msec.
SQL>
"""


@dataclass
class FakeIsql(IsqlClient):
    """An isql client that answers every script with a given text, or fails as isql would."""

    answer: str = ""
    failure: str | None = None
    scripts: list[str] = field(default_factory=list)

    def run(self, script: str, timeout: float | None = None) -> str:
        self.scripts.append(script)
        if self.failure is not None:
            raise StoreError(self.failure)
        return self.answer


def test_the_loader_states_are_read_and_every_file_must_be_done() -> None:
    output = f"{LOAD_STATE_MARK}   2   107\n{LOAD_STATE_MARK}   1   1\n{LOAD_STATE_MARK}  0  1\nother 3\n"
    states = load_states(output)
    assert states == {2: 107, 1: 1, 0: 1}
    reason = unfinished(states, 109)
    assert reason is not None
    assert "finished 107 of the 109 files" in reason and "1 waiting, 1 being loaded" in reason
    assert unfinished({2: 109}, 109) is None
    assert unfinished({2: 108}, 109) == "Virtuoso's bulk loader finished 108 of the 109 files"
    with pytest.raises(StoreError, match="cannot read the loader's state"):
        load_states(f"{LOAD_STATE_MARK} two 109\n")


def test_the_status_report_keeps_what_the_server_is_doing() -> None:
    summary = virtuoso_status(FakeIsql(answer=STATUS_REPORT))
    assert "Clients: 5 connects, max 3 concurrent" in summary
    assert "Currently 3 threads running 2 threads waiting 0 threads in vdb." in summary
    assert "Lock Status: 1 deadlocks of which 0 2r1w, 4 waits," in summary
    assert "Pending:; Trx 0x1a2b w 1 locks" in summary
    assert "Version" not in summary and "Rows." not in summary
    stuck = virtuoso_status(FakeIsql(failure="Virtuoso SQL 127.0.0.1:1111 (isql-vt): no end within 30 s"))
    assert stuck == "no status report either (Virtuoso SQL 127.0.0.1:1111 (isql-vt): no end within 30 s)"


def _count_answer(count: int) -> bytes:
    binding = {"n": {"type": "literal", "value": str(count)}}
    return json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [binding]}}).encode()


def test_the_wait_ends_when_the_endpoint_counts_the_loaded_graph() -> None:
    client = FakeIsql(answer=STATUS_REPORT)
    with stub_endpoint(200, _count_answer(42), RESULTS_JSON) as url:
        wait_until_answering(Endpoint(url, union_default_graph=True), client, GRAPH, 42, seconds=5, probe=2)
    assert client.scripts == []


def test_an_endpoint_that_does_not_answer_is_an_error_naming_what_virtuoso_was_doing() -> None:
    client = FakeIsql(answer=STATUS_REPORT)
    with (
        silent_endpoint() as url,
        pytest.raises(StoreError, match=r"did not answer .* within 1\.5 s") as caught,
    ):
        wait_until_answering(Endpoint(url), client, GRAPH, 42, seconds=1.5, probe=0.5)
    message = str(caught.value)
    assert "no answer within 0.5 s" in message
    assert "Currently 3 threads running 2 threads waiting" in message
    assert client.scripts == ["status('');\n"]


def test_a_count_that_stays_wrong_is_an_error() -> None:
    with (
        stub_endpoint(200, _count_answer(41), RESULTS_JSON) as url,
        pytest.raises(StoreError, match=f"counted 41 statements in {GRAPH}, not the 42 loaded"),
    ):
        wait_until_answering(Endpoint(url), FakeIsql(answer=""), GRAPH, 42, seconds=0.5, probe=0.5)
