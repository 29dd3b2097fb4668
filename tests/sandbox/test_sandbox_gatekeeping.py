"""Headers GHL insists on, unknown paths and wrong methods."""

from __future__ import annotations

import httpx
from sandbox_helpers import LOCATION

LIST_QUERY: dict[str, str | int] = {"locationId": LOCATION, "skip": 0, "limit": 10}


def _get(client: httpx.Client, **headers: str) -> httpx.Response:
    return client.get("/associations/", params=LIST_QUERY, headers=headers)


def test_missing_bearer_token_is_401_with_error(client: httpx.Client) -> None:
    del client.headers["Authorization"]
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}):
        response = _get(client, **headers)
        assert response.status_code == 401, headers
        body = response.json()
        assert body["statusCode"] == 401 and body["error"] == "Unauthorized"
        assert "Bearer" in body["message"]


def test_token_never_appears_in_answers(client: httpx.Client) -> None:
    response = _get(client, Version="1999-01-01")
    assert "test-token" not in response.text


def test_empty_user_agent_is_403(client: httpx.Client) -> None:
    response = _get(client, **{"User-Agent": ""})
    assert response.status_code == 403
    assert response.json() == {
        "statusCode": 403,
        "message": "Forbidden: requests must carry a User-Agent header",
    }


def test_missing_or_wrong_version_is_400(client: httpx.Client) -> None:
    wrong = _get(client, Version="2021-04-15")
    assert wrong.status_code == 400
    assert "2021-07-28" in wrong.json()["message"]
    del client.headers["Version"]
    assert _get(client).status_code == 400


def test_unknown_path_is_404_and_wrong_method_is_405(client: httpx.Client) -> None:
    unknown = client.get("/contacts/")
    assert unknown.status_code == 404
    assert unknown.json() == {"statusCode": 404, "message": "Cannot GET /contacts"}
    wrong_method = client.patch("/associations/", json={})
    assert wrong_method.status_code == 405
    assert wrong_method.json()["statusCode"] == 405
    assert client.post("/associations/key/some_key", json={}).status_code == 405


def test_every_api_answer_carries_rate_limit_headers(client: httpx.Client) -> None:
    for response in (_get(client), client.get("/nowhere"), _get(client, Version="x")):
        assert response.headers["X-RateLimit-Max"] == "100000"
        assert "X-RateLimit-Daily-Remaining" in response.headers
