"""Shared fakes for the client tests: a fake clock, a recording handler, a ready client."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client

TOKEN = "pit-0c4b8d2f-1a37-4e6a-9d17-5be07f3c2a91"
AGENCY_TOKEN = "agy-7f3e9c21-b84d-4a0e-9c55-1d2e3f4a5b6c"
BASE_URL = "https://services.leadconnectorhq.com"
LOCATION = "loc_1"

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """A monotonic clock whose ``sleep`` only moves time forward."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


class Recorder:
    """A MockTransport handler that records every request it answers."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def scripted(responses: Iterable[httpx.Response | Exception]) -> Handler:
    """A handler that answers with the given responses (or raises the errors) in order."""
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handle


def json_response(status: int, payload: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=payload, headers=headers)


def make_client(
    handler: Handler, *, attempts: int = 4, clock: FakeClock | None = None
) -> tuple[GhlClient, Recorder, FakeClock]:
    clock = clock or FakeClock()
    recorder = Recorder(handler)
    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(recorder))
    pacer = Pacer(clock=clock, sleep=clock.sleep)
    retry = RetrySettings(max_attempts=attempts, sleep=clock.sleep)
    client = GhlClient(http, LOCATION, pacer=pacer, retry=retry, agency_token=AGENCY_TOKEN)
    return client, recorder, clock


def association_json(
    key: Any = "property_owner",
    id: Any = "a1",
    first: tuple[Any, Any] = ("custom_objects.property", "Property"),
    second: tuple[Any, Any] = ("contact", "Owner"),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": id,
        "locationId": LOCATION,
        "key": key,
        "firstObjectKey": first[0],
        "firstObjectLabel": first[1],
        "secondObjectKey": second[0],
        "secondObjectLabel": second[1],
        "associationType": "USER_DEFINED",
        **extra,
    }


def relation_json(
    id: str = "r1", association_id: str = "a1", first: str = "rec1", second: str = "c1"
) -> dict[str, Any]:
    return {
        "id": id,
        "associationId": association_id,
        "locationId": LOCATION,
        "firstRecordId": first,
        "secondRecordId": second,
    }
