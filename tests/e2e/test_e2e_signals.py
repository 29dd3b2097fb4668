"""SIGTERM (a CI job cancelled or timed out) and slow writes: stop fast, say what was done.

Also: an output path that cannot be written is refused before the first request.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from tests.e2e.conftest import (
    GHLSYNC,
    LOCATION,
    PATIENCE,
    TOKEN,
    Served,
    owner_config,
    run_ghlsync,
    stop_bound,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy
from tests.e2e.file_records import file_records

PAIRS = [(f"p{i}", f"c{i}") for i in range(40)]
CONFIG = owner_config(PAIRS)


class _HoldRelationCreates:
    """Holds every relation create's answer for ``seconds``; ``reached`` is set at the first."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.reached = threading.Event()

    def __call__(self, exchange: Exchange) -> tuple[int, bytes] | None:
        if (exchange.method, exchange.path) == ("POST", "/associations/relations"):
            self.reached.set()
            time.sleep(self.seconds)
        return None


def _signal_apply_once(
    served: Served, url: str, reached: threading.Event, signum: int, *args: str
) -> tuple[int, str, str, float]:
    wanted = file_records(served.workdir, ("apply",))
    if wanted is not None and wanted[1]:
        served.hold(wanted[1], wanted[0])
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    process = subprocess.Popen(
        [GHLSYNC, "apply", "--auto-approve", "--base-url", url, *args],
        cwd=served.workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reached.wait(PATIENCE), "no relation create reached the server"
    sent = time.perf_counter()
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=30)
    return process.returncode, stdout, stderr, time.perf_counter() - sent


def _quick(served: Served) -> None:
    with served.api() as api:
        settings = {"latency_ms": 0, "rate_max": 1000, "rate_interval_ms": 1000}
        assert api.put("/_sandbox/faults", json=settings).status_code == 200


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_a_slow_write_within_two_seconds(served: Served, signum: int) -> None:
    write_config(served.workdir, CONFIG)
    _quick(served)
    hold = _HoldRelationCreates(14)
    report = served.workdir / "report.json"
    with doctoring_proxy(served.url, hold) as (url, _log):
        code, stdout, stderr, seconds = _signal_apply_once(
            served, url, hold.reached, signum, "--report", str(report)
        )
    expected = 143 if signum == signal.SIGTERM else 130
    assert code == expected, stdout + stderr
    assert seconds < stop_bound()  # not after the 14 s the server holds the write
    assert "Traceback" not in stderr
    assert "Apply interrupted: 1 done" in stdout
    assert "the server may have done it" in stdout
    document = json.loads(report.read_text())
    assert document["interrupted"] is True
    assert document["counts"]["done"] == 1
    assert document["counts"]["not_done"] == len(PAIRS)


def test_sigterm_during_plan_exits_143_with_a_short_message(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _quick(served)
    assert served.run("apply", "--auto-approve").code == 0
    hold = threading.Event()

    def slow_listings(exchange: Exchange) -> tuple[int, bytes] | None:
        if exchange.path.startswith("/associations/relations/"):
            hold.set()
            time.sleep(14)
        return None

    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    with doctoring_proxy(served.url, slow_listings) as (url, _log):
        process = subprocess.Popen(
            [GHLSYNC, "plan", "--base-url", url],
            cwd=served.workdir,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert hold.wait(PATIENCE)
        sent = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert time.perf_counter() - sent < stop_bound()
    assert stderr.rstrip().endswith("Error: terminated (SIGTERM)")
    assert stdout == ""


class _HoldReads:
    """Holds every GET whose path starts with ``prefix`` for 14 s; ``reached`` at the first."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.reached = threading.Event()

    def __call__(self, exchange: Exchange) -> tuple[int, bytes] | None:
        if exchange.method == "GET" and exchange.path.startswith(self.prefix):
            self.reached.set()
            time.sleep(14)
        return None


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize(
    "prefix",
    ["/associations/?", "/associations/relations/"],
    ids=["listing-on-the-main-thread", "listings-on-the-pool"],
)
def test_one_signal_during_any_read_of_plan_exits_within_two_seconds(
    served: Served, signum: int, prefix: str
) -> None:
    """Whichever read is on the wire (and whichever thread sent it), it is abandoned."""
    write_config(served.workdir, CONFIG)
    _quick(served)
    assert served.run("apply", "--auto-approve").code == 0
    hold = _HoldReads(prefix)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    with doctoring_proxy(served.url, hold) as (url, _log):
        process = subprocess.Popen(
            [GHLSYNC, "plan", "--parallelism", "16", "--base-url", url],
            cwd=served.workdir,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert hold.reached.wait(PATIENCE)
        sent = time.perf_counter()
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == (143 if signum == signal.SIGTERM else 130), stderr
    assert time.perf_counter() - sent < stop_bound()  # not the 14 s the server holds the read
    assert "Traceback" not in stderr
    assert stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("apply", "--auto-approve", "--report", "missing-dir/report.json"),
        ("plan", "--out", "missing-dir/plan.json"),
        ("export", "--record", "p1", "-o", "missing-dir/ghlsync.yaml"),
    ],
)
def test_an_output_path_that_cannot_be_written_sends_no_request(
    served: Served, args: tuple[str, ...]
) -> None:
    write_config(served.workdir, CONFIG)
    with doctoring_proxy(served.url, lambda _exchange: None) as (url, log):
        result = run_ghlsync(served.workdir, *args, "--base-url", url)
    assert result.code == 1, result.stdout + result.stderr
    assert "missing-dir" in result.stderr and "does not exist" in result.stderr
    assert log.methods() == []
    listed = served.state_dump()["locations"].get(LOCATION, {}).get("associations", [])
    system = {"BUSINESSES_CONTACTS_ASSOCIATION", "OPPORTUNITIES_CONTACTS_ASSOCIATION"}
    assert {a["key"] for a in listed} <= system  # the location as seeded, no more


def test_export_refuses_to_overwrite_a_file_without_force(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _quick(served)
    assert served.run("apply", "--auto-approve").code == 0
    written = served.workdir / "exported.yaml"
    written.write_text("# hand-written\n")

    refused = served.run("export", "--record", "p1", "-o", str(written))
    assert refused.code == 1
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert written.read_text() == "# hand-written\n"

    forced = served.run("export", "--record", "p1", "-o", str(written), "--force")
    assert forced.code == 0, forced.stderr
    assert "property_owner" in written.read_text()
