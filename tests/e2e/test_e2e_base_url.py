"""A wrong or unreachable --base-url fails in seconds; retries say what they retry."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    TOKEN,
    Served,
    command_cost,
    owner_config,
    run_ghlsync,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy

CONFIG = owner_config([("p1", "c1")])


REFUSING = "http://127.0.0.1:{port}"
"""A port bound but never listened on: connections are refused, and while the test holds it no
other test (on any worker) can take it."""


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://no-such-host.invalid", "does not resolve"),
        (REFUSING, "connection refused and nothing has answered"),
    ],
    ids=["unresolvable", "refused"],
)
def test_a_base_url_that_cannot_answer_fails_in_seconds(
    tmp_path: Path, url: str, words: str
) -> None:
    write_config(tmp_path, CONFIG)
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        began = time.perf_counter()
        result = run_ghlsync(
            tmp_path, "plan", "--base-url", url.format(port=held.getsockname()[1])
        )
        elapsed = time.perf_counter() - began
    assert result.code == 1
    assert elapsed < 8 + command_cost(tmp_path, "plan")  # not 63 s of silent retries
    assert words in result.stderr and "--base-url" in result.stderr
    assert "retrying" not in result.stderr
    assert "Traceback" not in result.stderr


class _FailFirstListing:
    def __init__(self) -> None:
        self.failed = False

    def __call__(self, exchange: Exchange) -> tuple[int, bytes] | None:
        if exchange.path.startswith("/associations/") and not self.failed:
            self.failed = True
            return 503, b'{"message": "Service Unavailable"}'
        return None


def test_a_retry_is_announced_on_stderr_without_the_token(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    served.hold({"custom_objects.property": ["p1"], "contact": ["c1"]})
    with doctoring_proxy(served.url, _FailFirstListing()) as (url, _log):
        result = run_ghlsync(
            served.workdir, "plan", "--base-url", url, env={"GHLSYNC_RETRY_BACKOFF": "0.05"}
        )
    assert result.code == 0, result.stderr
    retried = [line for line in result.stderr.splitlines() if line.startswith("retrying ")]
    assert len(retried) == 1
    assert retried[0].startswith("retrying GET /associations/")
    assert retried[0].endswith("(attempt 2 of 8): HTTP 503")
    assert TOKEN not in result.stderr + result.stdout
