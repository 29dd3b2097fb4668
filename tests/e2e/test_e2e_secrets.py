"""The token appears nowhere a run leaves a trace; plain http:// is refused off loopback."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import (
    LOCATION,
    TOKEN,
    Result,
    Served,
    owner_config,
    run_ghlsync,
    seeded_state,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy

CONFIG = owner_config([("p1", "c1"), ("p2", "c1")])


def _echo_token_as_401(exchange: Exchange) -> tuple[int, bytes]:
    """A server that rejects the token and quotes it back, in the message and the path."""
    body = {
        "statusCode": 401,
        "message": f"Invalid JWT {exchange.authorization} for {exchange.path}",
        "token": exchange.authorization.removeprefix("Bearer "),
    }
    return 401, json.dumps(body).encode()


def _files_under(directory: Path) -> dict[str, str]:
    return {
        str(path): path.read_text(errors="replace")
        for path in directory.rglob("*")
        if path.is_file()
    }


def _shut_down(served: Served) -> None:
    """Stop the server so that it flushes its state file."""
    with served.api() as api:
        api.post("/_sandbox/shutdown", json={})
    served.process.wait(timeout=10)


def test_no_output_log_file_or_error_contains_the_token(served: Served) -> None:
    config = write_config(served.workdir, CONFIG)
    with served.api() as api:  # many short runs: no need to wait for GHL's 100 per 10 s
        api.put("/_sandbox/faults", json={"rate_max": 1000, "rate_interval_ms": 1000})
    (served.workdir / "local-state.json").write_text(json.dumps(seeded_state()))
    results: dict[str, Result] = {
        "plan": served.run("plan", "-v", "--format", "json", "--out", "plan.json"),
        "apply saved": served.run("apply", "plan.json", "-v"),
        "apply": served.run("apply", "--auto-approve", "-v"),
        "export": served.run("export", "-v", "--record", "p1", "-o", "exported.yaml"),
        "diff": served.run("diff", "-v", "--location", LOCATION, "--location", "loc_other"),
        "in-process": run_ghlsync(
            served.workdir, "apply", "--auto-approve", "-v", "--sandbox", "local-state.json"
        ),
    }
    with doctoring_proxy(served.url, _echo_token_as_401) as (url, log):
        results["401"] = run_ghlsync(served.workdir, "plan", "-v", "--base-url", url)
        assert all(e.authorization == f"Bearer {TOKEN}" for e in log.exchanges)
    _shut_down(served)

    codes = {name: result.code for name, result in results.items()}
    assert codes == {
        "plan": 0, "apply saved": 0, "apply": 0, "export": 0, "diff": 2, "in-process": 0,
        "401": 1,
    }
    assert "HTTP 401" in results["401"].stderr and "[redacted]" in results["401"].stderr
    assert "GET /associations/" in results["plan"].stderr  # the -v log is there, and scanned
    files = _files_under(served.workdir)
    assert {"plan.json", "exported.yaml", "local-state.json", "sandbox-state.json"} <= {
        Path(name).name for name in files
    }
    assert config.exists()
    for name, result in results.items():
        assert TOKEN not in result.stdout + result.stderr, name
        assert "Traceback" not in result.stderr, name
    for name, text in files.items():
        assert TOKEN not in text, name


def test_plain_http_is_refused_off_loopback_before_any_request(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    for url in ("http://example.com", "http://10.0.0.1:8080"):
        refused = run_ghlsync(served.workdir, "plan", "-v", "--base-url", url)
        assert refused.code == 1, url
        assert "Traceback" not in refused.stderr
        assert "GET " not in refused.stderr  # the -v log shows every attempt: there was none
        assert f"refusing plain http:// base URL {url!r}: use https://" in refused.stderr
    allowed = served.run("plan")
    assert allowed.code == 0, allowed.stderr


def _reflect_token_into_labels(exchange: Exchange) -> tuple[int, bytes] | None:
    """A server that puts the Authorization header it received into association labels."""
    if exchange.method != "GET" or not exchange.path.startswith("/associations/?"):
        return None
    payload = json.loads(exchange.body)

    def reflect(value: object) -> None:
        if isinstance(value, dict):
            if value.get("key") == "property_owner":
                value["firstObjectLabel"] = f"Property {exchange.authorization}"
                value["secondObjectLabel"] = exchange.authorization.removeprefix("Bearer ")[:20]
            for item in value.values():
                reflect(item)
        elif isinstance(value, list):
            for item in value:
                reflect(item)

    reflect(payload)
    return exchange.status, json.dumps(payload).encode()


def test_a_server_reflecting_the_token_into_labels_never_gets_it_printed_or_written(
    served: Served,
) -> None:
    write_config(served.workdir, CONFIG)
    assert served.run("apply", "--auto-approve").code == 0
    summary = served.workdir / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    with doctoring_proxy(served.url, _reflect_token_into_labels) as (url, log):
        results = {
            fmt: run_ghlsync(served.workdir, "plan", "--format", fmt, "--base-url", url, env=env)
            for fmt in ("text", "json", "markdown")
        }
        results["out"] = run_ghlsync(
            served.workdir, "plan", "--out", "reflected.json", "--base-url", url
        )
        results["show"] = run_ghlsync(served.workdir, "show", "reflected.json")
        assert any(e.authorization == f"Bearer {TOKEN}" for e in log.exchanges)
    assert "[redacted]" in results["text"].stdout  # the label change is shown, scrubbed
    for name, result in results.items():
        assert "Traceback" not in result.stderr, name
        assert TOKEN[:12] not in result.stdout + result.stderr, name
    for name in ("reflected.json", "summary.md"):
        assert TOKEN[:12] not in (served.workdir / name).read_text(), name
