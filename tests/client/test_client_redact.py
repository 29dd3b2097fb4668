"""The token, whole or in pieces, never reaches an error message or a ``-v`` log line."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import BASE_URL, LOCATION, FakeClock, json_response

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.errors import ApiError
from ghlsync.plumbing.redaction import FRAGMENT_LENGTH, REDACTED, Redactor, redact

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
    text = "Invalid JWT for pit at 5be"
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


def _pieces(token: str, size: int) -> list[str]:
    return [token[i : i + size] for i in range(0, len(token), size)]


_TOKENS = [
    "abcd", "pit-1", "a1b2c3d4e", TOKEN, "x" * 7 + "Q9", "k" + "0123456789abcdef" * 8,
    'quo"te\\back/sl+sh=', "0123456789" * 3,
]


@pytest.mark.parametrize("token", _TOKENS)
@pytest.mark.parametrize("size", [4, 5, 7])
def test_a_token_echoed_in_pieces_of_four_or_more_leaves_no_piece(token: str, size: int) -> None:
    if len(token) < FRAGMENT_LENGTH:
        return
    text = "echo: " + " | ".join(_pieces(token, size)) + " end"
    cleaned = Redactor(token)(text)
    assert all(piece not in cleaned for piece in _pieces(token, size) if len(piece) >= 4)


@pytest.mark.parametrize("token", _TOKENS)
def test_a_token_cut_at_any_point_of_an_error_page_leaves_at_most_three_characters(
    token: str,
) -> None:
    from ghlsync.client.failures import SNIPPET_LENGTH, snippet

    for lead in range(SNIPPET_LENGTH - len(token) - 2, SNIPPET_LENGTH + 2):
        shown = snippet("x" * max(lead, 0) + " " + token + " tail", Redactor(token))
        assert _longest_run_of_token(shown.replace(REDACTED, " "), token) < FRAGMENT_LENGTH


def test_a_token_that_straddles_the_old_read_limit_is_removed_whole() -> None:
    from ghlsync.client.failures import snippet

    # Markup that flattens to nothing, so that a cut at 1,600 characters left "pit-7" shown.
    body = "<i></i>" * 227 + "<br/> " + f"{TOKEN}</p>"
    assert body.index(TOKEN) == 1595
    shown = snippet(body, Redactor(TOKEN))
    assert shown == REDACTED


@pytest.mark.parametrize("token", _TOKENS)
def test_scrub_removes_every_registered_form_and_long_piece(token: str) -> None:
    import json

    from ghlsync.plumbing import redaction

    redaction.forget_all()
    try:
        redaction.register([token])
        text = json.dumps({"label": f"Bearer {token}", "id": token[: max(len(token) - 1, 8)]})
        cleaned = redaction.scrub(text)
        assert token not in cleaned and json.dumps(token)[1:-1] not in cleaned
        if len(token) >= 9:
            assert token[:8] not in cleaned
    finally:
        redaction.forget_all()


def test_scrub_keeps_ids_that_share_only_short_pieces_with_a_token() -> None:
    from ghlsync.plumbing import redaction

    redaction.forget_all()
    try:
        redaction.register([TOKEN])
        text = "association 65f3c2a91d4b8e0000aa 7f3c2a9 stays"
        assert redaction.scrub(text) == text
    finally:
        redaction.forget_all()


def test_redacting_a_large_text_is_fast() -> None:
    import time

    text = ("lorem ipsum 0123456789abcdef " * 40_000) + TOKEN
    started = time.perf_counter()
    cleaned = Redactor(TOKEN)(text)
    assert time.perf_counter() - started < 5
    assert cleaned.endswith(REDACTED)


def test_a_line_without_any_token_is_let_through_after_one_look(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``-v`` fleet run writes a line per request with a token registered per member: the
    line is checked once against all of them, not once per token."""
    from ghlsync.plumbing import redaction

    redaction.forget_all()
    calls: list[str] = []
    monkeypatch.setattr(redaction, "redact", lambda text, *_args: calls.append(text) or text)
    try:
        redaction.register(f"{TOKEN}-member-{number}" for number in range(50))
        looked = []
        monkeypatch.setattr(Redactor, "__call__", lambda self, text: looked.append(1) or text)
        line = "GET /associations/relations/rec_1?locationId=loc_1&skip=0&limit=100 200 20ms"
        assert redaction.scrub(line) == line and redaction.scrub("\n") == "\n"
        assert looked == [] and calls == []
    finally:
        redaction.forget_all()


@pytest.mark.parametrize("filler", [10, 4_000, 40_000])
@pytest.mark.parametrize("token", _TOKENS)
def test_scrub_finds_a_piece_of_a_token_in_short_and_long_texts(token: str, filler: int) -> None:
    from ghlsync.plumbing import redaction

    redaction.forget_all()
    try:
        redaction.register(["another-registered-token-000", token])
        piece = token[1:9] if len(token) >= 9 else token
        cleaned = redaction.scrub("~" * filler + f" <{piece}> ")
        assert piece not in cleaned and cleaned.endswith(f" <{REDACTED}> ")
    finally:
        redaction.forget_all()
