"""Run the real ``ghlsync`` command against ``ghlsync sandbox serve`` and measure it.

Requests are counted from the ``-v`` log (one line per HTTP attempt, status included), read
from the command's stderr as it is written so that the request phase can be timed apart
from start-up (imports, YAML parsing) and planning.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = ["GHLSYNC", "TOKEN", "PlanRun", "Server", "run_command", "run_plan", "sandbox_server"]

GHLSYNC = str(Path(sys.executable).with_name("ghlsync"))
TOKEN = "pit-bench-0123456789abcdef"
_LOG_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (\S+) (\S+) (\d+)ms$")


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    rate_window: str = "sliding"

    def put_state(self, state: dict[str, Any]) -> None:
        faults = {"rate_window": self.rate_window}  # also restarts rate counting
        with httpx.Client(base_url=self.url, timeout=120) as admin:
            admin.put("/_sandbox/state", json=state).raise_for_status()
            admin.put("/_sandbox/faults", json=faults).raise_for_status()


@contextmanager
def sandbox_server(
    latency_ms: float, jitter_ms: float, rate: str, rate_window: str = "sliding"
) -> Iterator[Server]:
    """``ghlsync sandbox serve`` in memory on a free loopback port.

    The server ignores ``PYTHONPATH``, so measuring an older ghlsync (``PYTHONPATH=old/tree``)
    runs it against the same simulator. ``rate_window``: ``sliding`` or ``fixed``."""
    command = [GHLSYNC, "sandbox", "serve", "--port", "0", "--latency-ms", str(latency_ms)]
    command += ["--jitter-ms", str(jitter_ms), "--rate", rate]
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # same simulator
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    )
    try:
        yield Server(_wait_for_url(process), process, rate_window)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 20)
    line = process.stdout.readline() if ready else ""
    match = re.search(r"http://[\w.:\[\]]+", line)
    if match is None:
        raise RuntimeError(f"sandbox did not start: {line!r}")
    return match.group(0)


@dataclass
class PlanRun:
    """One measured ``ghlsync plan``."""

    exit_code: int
    wall: float
    requests: int = 0
    throttled: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    first_answer_at: float = 0.0
    last_answer_at: float = 0.0
    first_latency: float = 0.0
    stderr_tail: str = ""
    log: list[tuple[str, str]] = field(default_factory=list)  # (method, status) per attempt

    @property
    def request_phase(self) -> float:
        """From the first request leaving to the last answer arriving."""
        return self.last_answer_at - self.first_answer_at + self.first_latency


def run_plan(config: Path, server_url: str, parallelism: int | None) -> PlanRun:
    """``ghlsync plan -v`` on ``config``; stdout is discarded, stderr is parsed live."""
    return run_command(["plan"], config, server_url, parallelism)


def run_command(
    arguments: list[str], config: Path, server_url: str, parallelism: int | None
) -> PlanRun:
    """``ghlsync ARGUMENTS -v`` on ``config``; stdout is discarded, stderr is parsed live."""
    command = [GHLSYNC, *arguments, "-c", str(config), "-v", "--base-url", server_url]
    if parallelism is not None:
        command += ["--parallelism", str(parallelism)]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    run = PlanRun(exit_code=-1, wall=0.0)
    reader = threading.Thread(target=_read_log, args=(process, run, started))
    reader.start()
    run.exit_code = process.wait()
    run.wall = time.perf_counter() - started
    reader.join()
    return run


def _read_log(process: subprocess.Popen[str], run: PlanRun, started: float) -> None:
    assert process.stderr is not None
    other: list[str] = []
    for line in process.stderr:
        match = _LOG_LINE.match(line.strip())
        if match is None:
            other.append(line)
            continue
        _count(run, match, time.perf_counter() - started)
    run.stderr_tail = "".join(other[-5:])


def _count(run: PlanRun, match: re.Match[str], at: float) -> None:
    status = match.group(3)
    if run.requests == 0:
        run.first_answer_at = at
        run.first_latency = int(match.group(4)) / 1000
    run.requests += 1
    run.log.append((match.group(1), status))
    run.last_answer_at = at
    run.statuses[status] = run.statuses.get(status, 0) + 1
    if status == "429":
        run.throttled += 1
