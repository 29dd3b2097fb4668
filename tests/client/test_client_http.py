"""Transport policy: headers, base URL checks, token from the environment, the -v log."""

from __future__ import annotations

import logging
import ssl

import httpx
import pytest
from client_fakes import BASE_URL, TOKEN, Recorder, json_response

from ghlsync.client import DEFAULT_BASE_URL, build_http_client, token_from_environment
from ghlsync.errors import UsageError
from ghlsync.version import __version__


def _client(recorder: Recorder, base_url: str = BASE_URL, **kwargs: object) -> httpx.Client:
    transport = httpx.MockTransport(recorder)
    return build_http_client(base_url, TOKEN, transport=transport, **kwargs)  # type: ignore[arg-type]


def test_every_request_carries_the_required_headers() -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    _client(recorder).get("/associations/", params={"locationId": "l"})
    headers = recorder.requests[0].headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Version"] == "2021-07-28"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"] == f"ghlsync/{__version__}"
    assert "Content-Type" not in headers


def test_a_request_with_a_body_is_sent_as_json() -> None:
    recorder = Recorder(lambda request: json_response(201, {}))
    _client(recorder).post("/associations/", json={"key": "k"})
    request = recorder.requests[0]
    assert request.headers["Content-Type"] == "application/json"
    assert request.content == b'{"key":"k"}'


def test_default_base_url_is_the_v2_api_host() -> None:
    assert DEFAULT_BASE_URL == "https://services.leadconnectorhq.com"


@pytest.mark.parametrize(
    "url", ["http://services.leadconnectorhq.com", "http://10.0.0.5:8765", "http://example.test"]
)
def test_plain_http_is_refused_for_remote_hosts(url: str) -> None:
    with pytest.raises(UsageError, match="refusing plain http://"):
        build_http_client(url, TOKEN)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://127.5.6.7", "http://localhost:1", "http://[::1]:80"]
)
def test_plain_http_is_allowed_for_loopback(url: str) -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    _client(recorder, url).get("/associations/")
    assert recorder.requests[0].url.scheme == "http"


def _tls_context(client: httpx.Client) -> ssl.SSLContext:
    context = client._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


def test_https_verifies_against_the_ca_bundle() -> None:
    context = _tls_context(build_http_client(DEFAULT_BASE_URL, TOKEN))
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0


def test_a_loopback_http_base_url_parses_no_ca_bundle_and_trusts_no_certificate() -> None:
    """Nothing there speaks TLS: the bundle would cost CPU before the first request, and a
    context that trusts nothing cannot be talked into an unverified https connection."""
    context = _tls_context(build_http_client("http://127.0.0.1:8765", TOKEN))
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0


@pytest.mark.parametrize("url", ["ftp://example.test", "services.leadconnectorhq.com", "https://"])
def test_other_schemes_and_hostless_urls_are_refused(url: str) -> None:
    with pytest.raises(UsageError, match="base URL"):
        build_http_client(url, TOKEN)


def test_base_url_path_prefix_is_kept() -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    _client(recorder, "https://proxy.test/ghl").get("/associations/")
    assert recorder.requests[0].url.path == "/ghl/associations/"


def test_token_comes_from_ghl_token_by_default() -> None:
    assert token_from_environment({"GHL_TOKEN": f" {TOKEN}\n"}, None) == TOKEN


def test_token_comes_from_the_named_variable() -> None:
    environ = {"GHL_TOKEN": "other", "GHL_TOKEN_STAGING": TOKEN}
    assert token_from_environment(environ, "GHL_TOKEN_STAGING") == TOKEN


@pytest.mark.parametrize("environ", [{}, {"GHL_TOKEN_PROD": ""}, {"GHL_TOKEN_PROD": "  "}])
def test_a_missing_token_names_the_variable(environ: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="GHL_TOKEN_PROD"):
        token_from_environment(environ, "GHL_TOKEN_PROD")


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(UsageError, match="GHL_TOKEN") as caught:
        token_from_environment({"GHL_TOKEN": "abc def-secret"}, None)
    assert "secret" not in str(caught.value)


def test_verbose_log_has_one_line_per_request_and_never_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder(lambda request: json_response(404, {"message": "nope"}))
    client = _client(recorder, verbose_log=logging.getLogger("ghlsync.http"))
    with caplog.at_level(logging.INFO, logger="ghlsync.http"):
        client.get("/associations/key/k", params={"locationId": "loc 1"})
        client.delete("/associations/a1")
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith("GET /associations/key/k?locationId=loc+1 404 ")
    assert lines[0].endswith("ms")
    assert lines[1].startswith("DELETE /associations/a1 404 ")
    assert all(TOKEN not in line and "Bearer" not in line for line in lines)
    assert all(record.name == "ghlsync.http" for record in caplog.records)


def test_verbose_log_records_a_failed_attempt(caplog: pytest.LogCaptureFixture) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = _client(Recorder(refuse), verbose_log=logging.getLogger("ghlsync.http"))
    with caplog.at_level(logging.INFO, logger="ghlsync.http"), pytest.raises(httpx.ConnectError):
        client.get("/associations/")
    assert [r.getMessage().split()[:3] for r in caplog.records] == [
        ["GET", "/associations/", "ConnectError"]
    ]


def test_without_verbose_log_nothing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    client = _client(Recorder(lambda request: json_response(200, [])))
    with caplog.at_level(logging.DEBUG):
        client.get("/associations/")
    assert not [r for r in caplog.records if r.name.startswith("ghlsync")]


@pytest.mark.parametrize(
    "url", ["https://user:s3cr3t-pass@ghl.example", "https://s3cr3t-pass@ghl.example/"]
)
def test_a_base_url_with_credentials_is_refused_without_repeating_them(url: str) -> None:
    with pytest.raises(UsageError, match="carries a user name or password") as caught:
        build_http_client(url, TOKEN)
    assert "s3cr3t" not in str(caught.value)
    assert "https://***@ghl.example" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("https://ghl.example/?locationId=x", r"\?query"),
        ("https://ghl.example?", r"\?query"),
        ("https://ghl.example/#top", "#fragment"),
        ("https://ghl.example#", "#fragment"),
    ],
)
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str, what: str) -> None:
    with pytest.raises(UsageError, match=f"must not have a {what}"):
        build_http_client(url, TOKEN)


def test_an_unparseable_base_url_with_credentials_does_not_repeat_them() -> None:
    with pytest.raises(UsageError) as caught:
        build_http_client("https://user:s3cr3t@ghl.example:notaport", TOKEN)
    assert "s3cr3t" not in str(caught.value)


def test_cookies_an_answer_sets_are_neither_kept_nor_sent() -> None:
    answer = httpx.Response(200, json=[], headers={"Set-Cookie": "lb=node-7; Path=/"})
    recorder = Recorder(lambda request: answer)
    http = _client(recorder)
    http.get("/associations/")
    http.get("/associations/")
    assert "Cookie" not in recorder.requests[1].headers
    assert not http.cookies
    with pytest.raises(TypeError, match="no cookies"):
        http.cookies = {"lb": "node-7"}  # type: ignore[assignment]
