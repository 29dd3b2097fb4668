"""Hard bounds against a hostile or broken server (issue 18, class 2), with MockTransport."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator

import httpx
import pytest
from client_fakes import BASE_URL, TOKEN, FakeClock, Recorder, association_json, json_response

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.client.bounded import absolute_url, fetch_bounded
from ghlsync.client.limits import ClientLimits, limits_from_environment
from ghlsync.client.ratelimit import interval_seconds
from ghlsync.errors import ApiError, UsageError

MEGABYTE = 1024 * 1024


class _Stream(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks


def _client(handler: Recorder, limits: ClientLimits, clock: FakeClock | None = None) -> GhlClient:
    clock = clock or FakeClock()
    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(handler))
    return GhlClient(
        http, "loc_1", limits=limits,
        pacer=Pacer(clock=clock, sleep=clock.sleep, max_wait=limits.max_wait),
        retry=RetrySettings(max_attempts=2, sleep=clock.sleep, max_server_wait=limits.max_wait),
    )


def _streamed(chunks: Iterator[bytes], **headers: str) -> Recorder:
    return Recorder(lambda request: httpx.Response(200, headers=headers, stream=_Stream(chunks)))


def test_an_endless_stream_stops_at_the_body_cap() -> None:
    endless = itertools.repeat(b"x" * 65536)
    client = _client(_streamed(endless), ClientLimits(max_body_bytes=MEGABYTE))
    with pytest.raises(ApiError, match=r"larger than 1 MB \(decompressed\).*GHLSYNC_MAX_BODY_MB"):
        client.list_associations()


def test_a_gzip_bomb_stops_at_the_body_cap() -> None:
    bomb = gzip.compress(b"\0" * (64 * MEGABYTE))
    pieces = iter([bomb[i:i + 4096] for i in range(0, len(bomb), 4096)])
    client = _client(_streamed(pieces, **{"Content-Encoding": "gzip"}), ClientLimits(MEGABYTE))
    with pytest.raises(ApiError, match=r"larger than 1 MB \(decompressed\)"):
        client.list_associations()


def test_a_gzip_answer_under_the_cap_is_read() -> None:
    body = gzip.compress(b'{"associations": []}')
    client = _client(_streamed(iter([body]), **{"Content-Encoding": "gzip"}), ClientLimits())
    assert client.list_associations() == []


def test_an_encoding_not_asked_for_is_refused() -> None:
    client = _client(_streamed(iter([b"xx"]), **{"Content-Encoding": "br"}), ClientLimits())
    with pytest.raises(ApiError, match="Content-Encoding ghlsync did not ask for"):
        client.list_associations()


def test_the_client_asks_only_for_encodings_it_can_bound() -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    _client(recorder, ClientLimits()).list_associations()
    assert recorder.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


def _endless_pages(total: int | None) -> Recorder:
    counter = itertools.count()

    def answer(request: httpx.Request) -> httpx.Response:
        page = [association_json(id=f"a{next(counter)}", key=f"k{i}") for i in range(100)]
        return json_response(200, {"associations": page} | ({"total": total} if total else {}))

    return Recorder(answer)


def test_a_listing_that_never_ends_stops_at_the_page_cap() -> None:
    recorder = _endless_pages(None)
    with pytest.raises(ApiError, match=r"did not end within 5 pages.*GHLSYNC_MAX_PAGES"):
        _client(recorder, ClientLimits(max_pages=5)).list_associations()
    assert len(recorder.requests) == 5


def test_a_listing_that_runs_past_its_total_stops_there() -> None:
    recorder = _endless_pages(250)
    _client(recorder, ClientLimits()).list_associations()
    assert len(recorder.requests) == 3


def test_a_listing_whose_total_is_huge_still_stops_at_the_page_cap() -> None:
    recorder = _endless_pages(10**9)
    with pytest.raises(ApiError, match="did not end within 5 pages"):
        _client(recorder, ClientLimits(max_pages=5)).list_associations()
    assert len(recorder.requests) == 5


@pytest.mark.parametrize("interval", ["999999999999999", "100000000000", "9" * 5000, "-5"])
def test_absurd_rate_intervals_are_ignored(interval: str) -> None:
    assert interval_seconds({"X-RateLimit-Interval-Milliseconds": interval}) is None


def test_an_absurd_interval_header_raises_no_overflow() -> None:
    clock = FakeClock()
    headers = {"X-RateLimit-Max": "1", "X-RateLimit-Interval-Milliseconds": "999999999999999"}
    recorder = Recorder(lambda request: json_response(200, [], **headers))
    client = _client(recorder, ClientLimits(), clock)
    for _ in range(3):
        client.list_associations()
    assert max(clock.sleeps) <= 120


def test_a_rate_limit_needing_a_long_wait_fails_at_once() -> None:
    clock = FakeClock()
    headers = {"X-RateLimit-Max": "2", "X-RateLimit-Interval-Milliseconds": "3600000"}
    recorder = Recorder(lambda request: json_response(200, [], **headers))
    client = _client(recorder, ClientLimits(max_wait=60), clock)
    client.list_associations()
    client.list_associations()  # a window's two requests go out at once
    with pytest.raises(ApiError, match=r"wait of 3600 s, longer than GHLSYNC_MAX_WAIT"):
        client.list_associations()
    assert clock.sleeps == []


def test_retry_after_past_the_cap_fails_without_sleeping() -> None:
    clock = FakeClock()
    recorder = Recorder(lambda request: json_response(429, {}, **{"Retry-After": "999999"}))
    with pytest.raises(ApiError, match="asks to wait 999999 s"):
        _client(recorder, ClientLimits(), clock).list_associations()
    assert len(recorder.requests) == 1
    assert clock.sleeps == []


def test_limits_come_from_the_environment_within_range() -> None:
    environ = {"GHLSYNC_MAX_BODY_MB": "2", "GHLSYNC_MAX_PAGES": "7", "GHLSYNC_MAX_WAIT": "9"}
    assert limits_from_environment(environ) == ClientLimits(2 * MEGABYTE, 7, 9.0)
    assert limits_from_environment({}) == ClientLimits(32 * MEGABYTE, 1000, 120.0)
    with pytest.raises(UsageError, match="GHLSYNC_MAX_WAIT must be a number from 1 to 86400"):
        limits_from_environment({"GHLSYNC_MAX_WAIT": "1e999"})


_ODD_PATHS = ["/associations/", "/objects/custom_objects.pet/records/a%2Fb", "/x/%C3%A9 y",
              "/x/caf\u00e9", "/a/./b/../c", "/x/100%25", "relative/no/slash"]
_ODD_PARAMS: list[list[tuple[str, str]]] = [
    [], [("locationId", "loc_1")], [("q", "a b&c=d#e?f/g+h%i")], [("q", "\u00e9\u6f22")],
    [("associationIds", "a1"), ("associationIds", "a2"), ("skip", "0"), ("limit", "100")],
    [("empty", "")],
]


@pytest.mark.parametrize("base", [BASE_URL, "https://proxy.test/ghl", "http://127.0.0.1:8080/"])
@pytest.mark.parametrize("path", _ODD_PATHS)
@pytest.mark.parametrize("params", _ODD_PARAMS)
def test_the_url_built_once_is_the_one_httpx_builds(
    base: str, path: str, params: list[tuple[str, str]]
) -> None:
    http = build_http_client(base, TOKEN, transport=httpx.MockTransport(lambda r: None))  # type: ignore[arg-type,return-value]
    built = http.build_request("GET", path, params=params or None).url
    once = absolute_url(http.base_url, path, tuple(params))
    assert (once.raw_path, str(once)) == (built.raw_path, str(built))


def test_a_decoded_answer_keeps_its_headers_but_those_of_the_encoding() -> None:
    body = gzip.compress(b'{"associations": []}')
    sent = [("X-RateLimit-Remaining", "99"), ("Content-Encoding", "gzip"), ("Vary", "a"),
            ("Content-Length", str(len(body))), ("Vary", "b")]
    answer = Recorder(lambda request: httpx.Response(200, headers=sent, content=body))
    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(answer))
    response = fetch_bounded(http, "GET", "/associations/", max_bytes=MEGABYTE)
    assert response.content == b'{"associations": []}'
    assert response.headers.multi_items() == [
        ("x-ratelimit-remaining", "99"), ("vary", "a"), ("vary", "b"),
        ("content-length", str(len(response.content))),
    ]
