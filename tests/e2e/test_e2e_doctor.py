"""``ghlsync doctor`` over loopback HTTP: the served sandbox, and a proxy that answers badly."""

from __future__ import annotations

import json

from tests.e2e.conftest import TOKEN, Served, owner_config, run_ghlsync, write_config
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy

CONFIG = owner_config([("p1", "c1")])


def test_a_good_token_passes_and_writes_nothing(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    result = served.run("doctor")
    assert result.code == 0, result.stdout + result.stderr
    assert "ok    token: GET /associations/ answered (associations.readonly)" in result.stdout
    assert "ok    rate limit: 100 requests per 10000 ms" in result.stdout
    assert "ready for ghlsync plan." in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    assert "property_owner" not in served.associations()


def test_json_output_is_one_document(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    result = served.run("doctor", "--format", "json")
    document = json.loads(result.stdout)
    assert result.code == 0
    assert set(document) == {"location", "checks", "summary"}
    assert all(set(check) == {"topic", "status", "message", "fix"} for check in document["checks"])
    assert document["summary"]["passed"] is True and document["summary"]["requests"] <= 10


def test_a_rejected_token_fails_with_where_to_look(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    body = b'{"statusCode": 401, "message": "Invalid JWT", "error": "Unauthorized"}'

    def reject(exchange: Exchange) -> tuple[int, bytes]:
        return 401, body

    with doctoring_proxy(served.url, reject) as (url, log):
        result = run_ghlsync(served.workdir, "doctor", "--base-url", url)
    assert result.code == 1
    assert "FAIL  token: the token was rejected: Invalid JWT" in result.stdout
    assert "check GHL_TOKEN (or the environment's token_env / read_token_env)" in result.stdout
    assert log.methods() == ["GET"]
    assert TOKEN not in result.stdout + result.stderr


def test_an_unexpected_listing_shape_names_the_endpoint(served: Served) -> None:
    write_config(served.workdir, CONFIG)

    def rewrap(exchange: Exchange) -> tuple[int, bytes] | None:
        if exchange.path.startswith("/associations/relations/"):
            return 200, b'{"results": {"relations": []}}'
        return None

    with doctoring_proxy(served.url, rewrap) as (url, log):
        result = run_ghlsync(served.workdir, "doctor", "--base-url", url)
    assert result.code == 1
    relations = "GET /associations/relations/{recordId}"
    shape_failure = f"FAIL  response shape: {relations}: unexpected answer"
    assert shape_failure in result.stdout
    assert "report it (with the output of `ghlsync doctor -v`)" in result.stdout
    assert "warn  rate limit: no X-RateLimit-Max" in result.stdout  # the proxy drops them
    assert set(log.methods()) == {"GET"}


def test_location_alone_needs_no_file(served: Served) -> None:
    result = served.run("doctor", "--location", "loc_e2e")
    assert result.code == 0, result.stdout + result.stderr
    assert "ghlsync doctor: location loc_e2e" in result.stdout
