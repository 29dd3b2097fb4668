"""The client a user would write from the API docs, for comparison.

One request at a time, no ``associationIds`` filter (every relation of each record is paged
through), no pacing: on a 429 it sleeps (``Retry-After`` when given, else one second) and
tries again. It reads the same records as ``ghlsync plan``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["NaiveRun", "naive_read"]

_PAGE = 100


@dataclass
class NaiveRun:
    requests: int = 0
    throttled: int = 0
    wall: float = 0.0
    relations: int = 0


def naive_read(
    base_url: str, token: str, location: str, records: Iterable[str], *,
    transport: httpx.BaseTransport | None = None,
) -> NaiveRun:
    """Read all associations, then every relation of every record, sequentially."""
    run = NaiveRun()
    started = time.perf_counter()
    with httpx.Client(base_url=base_url, headers=_headers(token), timeout=60,
                      transport=transport) as http:
        _all_pages(http, run, "/associations/", "associations", location)
        for record in records:
            path = f"/associations/relations/{record}"
            run.relations += len(_all_pages(http, run, path, "relations", location))
    run.wall = time.perf_counter() - started
    return run


def _headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Version": "2021-07-28",
        "Accept": "application/json",
        "User-Agent": "naive-script/1.0",
    }


def _all_pages(
    http: httpx.Client, run: NaiveRun, path: str, field: str, location: str
) -> list[Any]:
    items: list[Any] = []
    while True:
        params = {"locationId": location, "skip": len(items), "limit": _PAGE}
        page = _get(http, run, path, params)[field]
        items.extend(page)
        if len(page) < _PAGE:
            return items


def _get(http: httpx.Client, run: NaiveRun, path: str, params: dict[str, Any]) -> Any:
    while True:
        run.requests += 1
        response = http.get(path, params=params)
        if response.status_code != 429:
            response.raise_for_status()
            return response.json()
        run.throttled += 1
        time.sleep(float(response.headers.get("Retry-After", "1")))
