"""Issue 18: the installed ``ghlsync`` against a hostile loopback server (tests/hostile_server.py).

Each test scripts what the server answers and checks that ghlsync stops with a clear message,
without a traceback, without sleeping for the server, within bounded memory, and without
sending a write it should not.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    GHLSYNC,
    LOCATION,
    TOKEN,
    Result,
    command_cost,
    run_ghlsync,
    write_config,
)
from tests.hostile_server import (
    MEGABYTE,
    Answer,
    endless,
    gzip_bomb,
    hostile_server,
    json_answer,
)

CONFIG = f"""\
version: 1
location: {LOCATION}
prune: {{associations: true}}
associations:
  - key: property_owner
    first: {{object: custom_objects.property, label: Property}}
    second: {{object: contact, label: Owner}}
"""
OWNER = {
    "id": "a1", "key": "property_owner", "associationType": "USER_DEFINED",
    "firstObjectKey": "custom_objects.property", "firstObjectLabel": "Property",
    "secondObjectKey": "contact", "secondObjectLabel": "Owner",
}
SYSTEM_UNTYPED = {
    "id": "BUSINESSES_CONTACTS_ASSOCIATION", "key": "BUSINESSES_CONTACTS_ASSOCIATION",
    "firstObjectKey": "business", "firstObjectLabel": "Business",
    "secondObjectKey": "contact", "secondObjectLabel": "Contact",
}
RSS_LIMIT_MB = 200


def _plan(workdir: Path, url: str, env: dict[str, str] | None = None) -> tuple[Result, float]:
    """``ghlsync plan`` against ``url``: its result and its peak RSS in MB."""
    write_config(workdir, CONFIG)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1", **(env or {})})
    out, err = workdir / "stdout.txt", workdir / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [GHLSYNC, "plan", "--base-url", url], cwd=workdir, env=environment,
            stdout=stdout, stderr=stderr,
        )
        _, status, usage = os.wait4(process.pid, 0)  # its own rusage: ru_maxrss in KiB
    process.returncode = os.waitstatus_to_exitcode(status)
    result = Result(process.returncode, out.read_text(), err.read_text())
    return result, usage.ru_maxrss / 1024


def _listing(answer: Answer) -> object:
    def script(method: str, path: str) -> Answer:
        return answer if path.startswith("/associations/") else json_answer({})

    return script


def _assert_clear_failure(result: Result, message: str) -> None:
    assert result.code != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_300_mb_body_stops_at_the_cap_in_bounded_memory(tmp_path: Path) -> None:
    size = 300 * MEGABYTE
    chunks = itertools.islice(endless(b" " * MEGABYTE), 300)
    answer = Answer(200, chunks, {"Content-Length": str(size)})
    with hostile_server(_listing(answer)) as server:
        result, peak = _plan(tmp_path, server.url)
    _assert_clear_failure(result, "larger than 32 MB (decompressed)")
    assert peak < RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"


def test_a_gzip_bomb_stops_at_the_cap_in_bounded_memory(tmp_path: Path) -> None:
    bomb = gzip_bomb(300)
    assert len(bomb) < 400 * 1024
    answer = Answer(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "application/json"})
    with hostile_server(_listing(answer)) as server:
        result, peak = _plan(tmp_path, server.url)
    _assert_clear_failure(result, "larger than 32 MB (decompressed)")
    assert peak < RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"


def test_an_endless_chunked_stream_stops_at_the_cap_in_bounded_memory(tmp_path: Path) -> None:
    with hostile_server(_listing(Answer(200, endless()))) as server:
        result, peak = _plan(tmp_path, server.url, {"GHLSYNC_MAX_BODY_MB": "8"})
    _assert_clear_failure(result, "larger than 8 MB (decompressed)")
    assert peak < RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"


def test_an_endless_listing_stops_at_the_page_cap(tmp_path: Path) -> None:
    counter = itertools.count()

    def script(method: str, path: str) -> Answer:
        page = [OWNER | {"id": f"a{n}", "key": f"k{n}"} for n in itertools.islice(counter, 100)]
        return json_answer({"associations": page})

    with hostile_server(script) as server:
        result, _ = _plan(tmp_path, server.url, {"GHLSYNC_MAX_PAGES": "20"})
        sent = len(server.requests)
    _assert_clear_failure(result, "did not end within 20 pages")
    assert sent == 20


def test_retry_after_of_days_fails_at_once(tmp_path: Path) -> None:
    answer = json_answer({"message": "slow down"}, 429, **{"Retry-After": "999999"})
    started = time.monotonic()
    with hostile_server(_listing(answer)) as server:
        result, _ = _plan(tmp_path, server.url)
    _assert_clear_failure(result, "asks to wait 999999 s before retrying, longer than "
                                  "GHLSYNC_MAX_WAIT (120 s)")
    assert time.monotonic() - started < 20 + command_cost(tmp_path, "plan")


@pytest.mark.parametrize("interval", ["999999999999999", "100000000000"])
def test_absurd_rate_headers_are_ignored_without_overflow(tmp_path: Path, interval: str) -> None:
    headers = {"X-RateLimit-Max": "3", "X-RateLimit-Interval-Milliseconds": interval}

    def script(method: str, path: str) -> Answer:
        if path.startswith("/associations/relations/"):
            return json_answer({"relations": []}, **headers)
        return json_answer({"associations": [OWNER]}, **headers)

    config = CONFIG + "relations:\n  property_owner:\n    - [p1, c1]\n"
    with hostile_server(script) as server:
        write_config(tmp_path, config)
        result = run_ghlsync(tmp_path, "plan", "--base-url", server.url)
        sent = len(server.requests)
    assert result.code == 0, result.stderr  # the third waited the default 10 s
    assert "OverflowError" not in result.stderr
    assert sent == 5  # the listing, p1's and c1's relations, and a read of each (to create)


def test_a_rate_limit_needing_an_hour_fails_at_once(tmp_path: Path) -> None:
    headers = {"X-RateLimit-Max": "1", "X-RateLimit-Interval-Milliseconds": "3600000"}
    config = CONFIG + "relations:\n  property_owner:\n    - [p1, c1]\n"
    with hostile_server(_listing(json_answer({"associations": [OWNER]}, **headers))) as server:
        write_config(tmp_path, config)
        started = time.monotonic()
        result = run_ghlsync(tmp_path, "plan", "--base-url", server.url)
    _assert_clear_failure(result, "longer than GHLSYNC_MAX_WAIT (120 s)")
    assert time.monotonic() - started < 20 + command_cost(tmp_path, "plan")


def test_an_untyped_association_is_never_pruned(tmp_path: Path) -> None:
    listing = json_answer({"associations": [OWNER, SYSTEM_UNTYPED]})
    with hostile_server(_listing(listing)) as server:
        write_config(tmp_path, CONFIG)
        result = run_ghlsync(tmp_path, "apply", "--auto-approve", "--allow-destroy",
                             "--base-url", server.url)
        methods = {method for method, _ in server.requests}
    assert result.code == 0, result.stderr
    assert methods == {"GET"}


def test_a_dot_dot_association_id_is_refused_and_nothing_is_deleted(tmp_path: Path) -> None:
    stale = OWNER | {"id": "..", "key": "stale"}
    with hostile_server(_listing(json_answer({"associations": [OWNER, stale]}))) as server:
        write_config(tmp_path, CONFIG)
        result = run_ghlsync(tmp_path, "apply", "--auto-approve", "--allow-destroy",
                             "--base-url", server.url)
        sent = list(server.requests)
    _assert_clear_failure(result, "field 'id' cannot be an id")
    assert "GET /associations/" in result.stderr
    assert all(method == "GET" for method, _ in sent)


def test_an_answer_with_a_lone_surrogate_is_refused_without_a_crash(tmp_path: Path) -> None:
    body = b'{"associations": [{"id": "a1", "key": "k\\ud800"}]}'
    with hostile_server(_listing(Answer(200, body))) as server:
        result, _ = _plan(tmp_path, server.url)
    _assert_clear_failure(result, "lone surrogate")
