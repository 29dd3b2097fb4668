"""Ctrl-C (SIGINT) in the middle of ``apply`` and ``plan``: stop cleanly, report, exit 130."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

from tests.e2e.conftest import (
    GHLSYNC,
    LOCATION,
    PATIENCE,
    TOKEN,
    Served,
    owner_config,
    stop_bound,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy
from tests.e2e.file_records import file_records

PAIRS = [(f"p{i}", f"c{i}") for i in range(40)]
CONFIG = owner_config(PAIRS)


@dataclass
class Interrupted:
    code: int
    stdout: str
    stderr: str
    seconds_to_exit: float


def _hold_file_records(served: Served, args: tuple[str, ...]) -> None:
    wanted = file_records(served.workdir, args)
    if wanted is not None and wanted[1]:
        served.hold(wanted[1], wanted[0])


def _interrupt_when(
    served: Served, trigger: str, *args: str, url: str | None = None, **env: str
) -> Interrupted:
    """Run ghlsync with ``-v``; send SIGINT once a log line contains ``trigger``."""
    _hold_file_records(served, args)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1", **env})
    process = subprocess.Popen(
        [GHLSYNC, *args, "-v", "--base-url", url or served.url],
        cwd=served.workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen = _read_until(process, trigger)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    return Interrupted(process.returncode, stdout, seen + stderr, time.perf_counter() - sent)


def _interrupt_twice_when(served: Served, ready: threading.Event, url: str) -> Interrupted:
    """Apply; once ``ready`` is set send SIGINT, check it is still running, SIGINT again."""
    _hold_file_records(served, ("apply",))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    process = subprocess.Popen(
        [GHLSYNC, "apply", "--auto-approve", "--base-url", url],
        cwd=served.workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert ready.wait(PATIENCE), "no relation create reached the server"
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert process.poll() is None  # the first Ctrl-C lets requests on the wire finish
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    return Interrupted(process.returncode, stdout, stderr, time.perf_counter() - sent)


def _read_until(process: subprocess.Popen[str], trigger: str) -> str:
    assert process.stderr is not None
    seen = ""
    deadline = time.monotonic() + PATIENCE
    while trigger not in seen:
        ready, _, _ = select.select([process.stderr], [], [], max(0.0, deadline - time.monotonic()))
        line = process.stderr.readline() if ready else ""
        if not line:
            process.kill()
            raise AssertionError(f"never saw {trigger!r}; stderr so far:\n{seen}")
        seen += line
    return seen


def _slow_sandbox(served: Served, latency_ms: float) -> None:
    """Latency per request; a scaled-up rate limit so that set-up runs are not paced."""
    with served.api() as api:
        settings = {"latency_ms": latency_ms, "rate_max": 1000, "rate_interval_ms": 1000}
        answer = api.put("/_sandbox/faults", json=settings)
    assert answer.status_code == 200, answer.text


def test_ctrl_c_during_apply_stops_reports_and_a_rerun_converges(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _slow_sandbox(served, 60)

    stopped = _interrupt_when(
        served, "POST /associations/relations", "apply", "--auto-approve", "--parallelism", "2"
    )
    assert stopped.code == 130, stopped.stdout + stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert "Apply interrupted: " in stopped.stdout
    done = int(stopped.stdout.split("Apply interrupted: ")[1].split(" done")[0])
    assert 2 <= done < 1 + len(PAIRS)  # the association and some relations, not everything
    assert f"{1 + len(PAIRS) - done} not done." in stopped.stdout
    assert "Running `ghlsync apply` again converges" in stopped.stdout
    assert stopped.seconds_to_exit < stop_bound()  # it stopped scheduling; in-flight ones finish
    relations = served.state_dump()["locations"][LOCATION]["relations"]
    assert len(relations) == done - 1  # every request that ran was reported as done

    _slow_sandbox(served, 0)
    again = served.run("apply", "--auto-approve")
    assert again.code == 0, again.stdout + again.stderr
    assert f"Apply complete! {1 + len(PAIRS) - done} added" in again.stdout
    assert served.run("plan", "--detailed-exitcode").stdout.startswith("No changes.")


def test_ctrl_c_during_plan_exits_130_with_a_short_message(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _slow_sandbox(served, 0)
    assert served.run("apply", "--auto-approve").code == 0
    _slow_sandbox(served, 80)

    stopped = _interrupt_when(
        served, "GET /associations/relations/", "plan", "--parallelism", "2"
    )
    assert stopped.code == 130
    assert "Traceback" not in stopped.stderr
    assert stopped.stderr.rstrip().endswith("Error: interrupted")
    assert stopped.stdout == ""


class _FailAfter:
    """Relays the first ``healthy`` relation creates, then answers every one with 503."""

    def __init__(self, healthy: int) -> None:
        self.healthy = healthy
        self.seen = 0
        self.lock = threading.Lock()

    def __call__(self, exchange: Exchange) -> tuple[int, bytes] | None:
        if (exchange.method, exchange.path) != ("POST", "/associations/relations"):
            return None
        with self.lock:
            self.seen += 1
            if self.seen <= self.healthy:
                return None
        return 503, b'{"message": "Service Unavailable"}'


def test_ctrl_c_while_requests_fail_and_back_off_exits_130_at_once(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _slow_sandbox(served, 0)
    with doctoring_proxy(served.url, _FailAfter(healthy=4)) as (url, _log):
        stopped = _interrupt_when(
            served,
            "/associations/relations 503",
            "apply",
            "--auto-approve",
            "--parallelism",
            "4",
            url=url,
            GHLSYNC_RETRY_BACKOFF="20",
        )
    assert stopped.code == 130, stopped.stdout + stopped.stderr
    assert stopped.seconds_to_exit < stop_bound()  # not after the 20 s backoffs
    assert "Traceback" not in stopped.stderr
    assert "Apply interrupted: " in stopped.stdout
    assert "Running `ghlsync apply` again converges" in stopped.stdout


class _HangRelationCreates:
    """Holds every relation create's answer for 20 s; ``reached`` is set at the first."""

    def __init__(self) -> None:
        self.reached = threading.Event()

    def __call__(self, exchange: Exchange) -> tuple[int, bytes] | None:
        if (exchange.method, exchange.path) == ("POST", "/associations/relations"):
            self.reached.set()
            time.sleep(20)
        return None


def test_a_second_ctrl_c_abandons_requests_that_hang_on_the_wire(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    _slow_sandbox(served, 0)
    hang = _HangRelationCreates()
    with doctoring_proxy(served.url, hang) as (url, _log):
        stopped = _interrupt_twice_when(served, hang.reached, url)
    assert stopped.code == 130, stopped.stdout + stopped.stderr
    assert stopped.seconds_to_exit < stop_bound()  # not after the 20 s the server holds them
    assert "Traceback" not in stopped.stderr
    assert "Apply interrupted: 1 done" in stopped.stdout
