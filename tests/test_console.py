"""The console: when to colour, lines per operation off a terminal, read progress lines."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest

from ghlsync.client.stats import ClientStats
from ghlsync.console import Console, wants_color
from ghlsync.engine.executor import Outcome, OutcomeStatus
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.plan import Action, RelationChange, RelationValue
from ghlsync.values.state import RecordRef


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "environ", "tty", "expected"),
    [
        (None, {}, True, True),
        (None, {}, False, False),
        (None, {"NO_COLOR": "1"}, True, False),
        (None, {"NO_COLOR": ""}, True, True),  # no-color.org: set but empty does not disable
        (None, {"FORCE_COLOR": "1"}, False, True),
        (None, {"FORCE_COLOR": "0"}, False, False),
        (None, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
        (True, {"NO_COLOR": "1"}, False, True),
        (False, {"FORCE_COLOR": "1"}, True, False),
        (None, {"TERM": "dumb"}, True, False),
        (True, {"TERM": "dumb"}, True, True),
    ],
)
def test_wants_color(
    choice: bool | None, environ: dict[str, str], tty: bool, expected: bool
) -> None:
    stream = Terminal() if tty else io.StringIO()
    assert wants_color(stream, choice, environ) is expected


CHANGE = RelationChange(
    Action.CREATE, None, RelationValue("k", RecordRef("p1", "villa"), RecordRef("c1")), "r", None
)


def test_off_a_terminal_progress_prints_each_outcome_to_stdout() -> None:
    console = Console(out=io.StringIO(), err=io.StringIO())
    with console.progress(2) as advance:
        advance(Outcome(CHANGE, OutcomeStatus.DONE, created_id="r1"))
        advance(Outcome(CHANGE, OutcomeStatus.FAILED, "HTTP 500"))
    assert console.out.getvalue() == (
        "\n"
        "+ relation k[villa(p1) -> c1]: created [id=r1]\n"
        "+ relation k[villa(p1) -> c1]: failed: HTTP 500\n"
    )
    assert console.err.getvalue() == ""


def test_on_a_terminal_progress_is_a_bar_on_stderr() -> None:
    console = Console(out=io.StringIO(), err=Terminal())
    with console.progress(1) as advance:
        advance(Outcome(CHANGE, OutcomeStatus.DONE, created_id="r1"))
    assert console.out.getvalue() == ""
    assert "Applying" in console.err.getvalue()


@dataclass
class FakeClient:
    pool: TaskPool = field(default_factory=lambda: TaskPool(2))
    stats: ClientStats = field(default_factory=ClientStats)


def test_reading_prints_a_line_every_few_seconds_and_restores_the_pool() -> None:
    console, client = Console(out=io.StringIO(), err=io.StringIO()), FakeClient()
    original = client.pool
    now = [0.0]
    with console.reading(client, clock=lambda: now[0]):
        for _ in range(3):
            client.stats.record_request("GET /x")
        tell = client.pool.on_progress
        assert tell is not None
        tell(1, 4)  # too soon: nothing
        now[0] = 6.0
        tell(2, 4)
        now[0] = 7.0
        tell(4, 4)  # the end, once something was said
    assert client.pool is original
    assert console.err.getvalue() == (
        "read 2/4 records, 3 requests, ~6 s left\nread 4/4 records, 3 requests\n"
    )
    assert console.out.getvalue() == ""


def test_a_short_read_prints_nothing() -> None:
    console, client = Console(out=io.StringIO(), err=io.StringIO()), FakeClient()
    with console.reading(client, clock=lambda: 0.0):
        assert client.pool.on_progress is not None
        client.pool.on_progress(1, 1)
    assert console.err.getvalue() == ""


def test_reading_counts_its_own_reads_not_the_writes_before_it() -> None:
    console, client = Console(out=io.StringIO(), err=io.StringIO()), FakeClient()
    for _ in range(50):
        client.stats.record_request("POST /associations/relations")  # an apply's writes
    client.stats.record_request("GET /associations/")  # the plan before it
    now = [0.0]
    with console.reading(client, clock=lambda: now[0]):
        client.stats.record_request("GET /associations/relations/{recordId}")
        client.stats.record_request("DELETE /associations/relations/{id}")
        tell = client.pool.on_progress
        assert tell is not None
        now[0] = 6.0
        tell(1, 1)
    assert console.err.getvalue() == "read 1/1 records, 1 request\n"


def _cut_off() -> Outcome:
    """An operation an interruption kept from starting."""
    return Outcome(CHANGE, OutcomeStatus.SKIPPED, "interrupted", started=False)


def test_an_interruption_neither_fills_the_bar_nor_floods_the_log() -> None:
    terminal = Console(out=io.StringIO(), err=Terminal())
    with terminal.progress(100) as advance:
        advance(Outcome(CHANGE, OutcomeStatus.DONE, created_id="r1"))
        for _ in range(99):
            advance(_cut_off())
    bar = terminal.err.getvalue()
    assert "1/100" in bar and "100/100" not in bar and "100%" not in bar
    log = Console(out=io.StringIO(), err=io.StringIO())
    with log.progress(100) as advance:
        advance(Outcome(CHANGE, OutcomeStatus.DONE, created_id="r1"))
        for _ in range(99):
            advance(_cut_off())
    assert "interrupted" not in log.out.getvalue()
