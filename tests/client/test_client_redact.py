"""The token, whole or in pieces, never reaches an error message or a ``-v`` log line."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import BASE_URL, LOCATION, FakeClock, json_response

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.client.redact import FRAGMENT_LENGTH, REDACTED, Redactor, redact
from ghlsync.errors import ApiError

TOKEN = "pit-7f3c2a91-5be0-4d17-9e6a-0c4b8d2f1a37"
LOG_NAME = "ghlsync.http.redact-test"


def _longest_run_of_token(text: str, token: str = TOKEN) -> int:
    return max(
        (j - i for i in range(len(text)) for j in range(i, len(text) + 1) if text[i:j] in token),
        default=0,
    )


def test_the_whole_token_is_replaced() -> None:
    assert redact(f"Authorization: Bearer {TOKEN} rejected", TOKEN) == (
        f"Authorization: Bearer {REDACTED} rejected"
    )


@pytest.mark.parametrize("piece", [TOKEN[:20], TOKEN[-9:], TOKEN[10:10 + FRAGMENT_LENGTH]])
def test_prefix_suffix_and_middle_fragments_are_replaced(piece: str) -> None:
    cleaned = redact(f"echo: {piece}…", TOKEN)
    assert cleaned == f"echo: {REDACTED}…"


def test_runs_shorter_than_the_fragment_length_are_ordinary_text() -> None:
    text = "Invalid JWT for pit-7 at 5be0"
    assert redact(text, TOKEN) == text


def test_a_short_token_is_only_removed_whole() -> None:
    assert redact("abc abcd abcdx", "abcd") == f"abc {REDACTED} {REDACTED}x"


def test_an_empty_token_changes_nothing() -> None:
    assert redact("anything", "") == "anything"


def test_the_percent_encoded_token_is_removed_too() -> None:
    token = "pit/secret+value=0123"
    cleaned = Redactor(token)("GET /associations/relations/pit%2Fsecret%2Bvalue%3D0123")
    assert cleaned == f"GET /associations/relations/{REDACTED}"


def _client(handler: httpx.MockTransport, log: logging.Logger | None = None) -> GhlClient:
    http = build_http_client(BASE_URL, TOKEN, transport=handler, verbose_log=log)
    clock = FakeClock()
    pacer = Pacer(clock=clock, sleep=clock.sleep)
    return GhlClient(http, LOCATION, pacer=pacer, retry=RetrySettings(2, sleep=clock.sleep))


def test_a_long_error_page_cut_in_the_middle_of_the_echoed_token_leaks_no_piece() -> None:
    # The echo starts so that the 200-character cut falls inside the token.
    page = "x" * 170 + f" Authorization: Bearer {TOKEN} " + "y" * 300

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text=f"<html><body>{page}</body></html>")

    with pytest.raises(ApiError) as caught:
        _client(httpx.MockTransport(echo)).list_associations()
    assert _longest_run_of_token(str(caught.value)) < FRAGMENT_LENGTH
    assert "Bearer [redac" in str(caught.value)  # the marker itself may be cut


def test_a_json_message_echoing_the_token_after_retries_leaks_nothing() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return json_response(503, {"message": f"upstream saw {request.headers['Authorization']}"})

    with pytest.raises(ApiError) as caught:
        _client(httpx.MockTransport(echo)).list_associations()
    assert "after 2 attempts" in str(caught.value)
    assert _longest_run_of_token(str(caught.value)) < FRAGMENT_LENGTH


def test_the_token_as_a_record_id_is_kept_out_of_errors_and_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = httpx.MockTransport(lambda request: json_response(404, {"message": "nope"}))
    client = _client(transport, logging.getLogger(LOG_NAME))
    with caplog.at_level(logging.INFO, logger=LOG_NAME), pytest.raises(ApiError) as caught:
        client.list_relations(TOKEN, ["a1"])
    assert TOKEN[:FRAGMENT_LENGTH] not in str(caught.value)
    lines = [r.getMessage() for r in caplog.records if r.name == LOG_NAME]
    assert lines[0].startswith("GET /associations/relations/[redacted]?locationId=")
    assert _longest_run_of_token(" ".join(lines)) < FRAGMENT_LENGTH


@pytest.mark.parametrize("secret", ["a", "re", "redacted", TOKEN])
def test_cleaning_twice_reads_the_same_as_once(secret: str) -> None:
    text = f"GET /associations/{secret}/x: redacted ids, Bearer {secret}"
    once = redact(text, secret)
    assert redact(once, secret) == once
    assert "[redac[" not in once
