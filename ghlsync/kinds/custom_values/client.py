"""The custom value endpoints of one location (``/locations/{id}/customValues``).

Built on :meth:`GhlClient.request_json` (paced, retried, token never quoted). A create
answered with an error re-reads the list and adopts a custom value of that key with the
declared name and value (a lost answer, retried); a delete answered 404 is done.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ghlsync.client import interpret
from ghlsync.client.api import GhlClient
from ghlsync.client.endpoint import Endpoint
from ghlsync.errors import ApiError
from ghlsync.kinds.custom_values.state import LiveCustomValue
from ghlsync.kinds.keyed import listing_parser, single_item, text_of
from ghlsync.kinds.protocol import Listing
from ghlsync.plumbing.runner import TaskPool

__all__ = ["LISTING", "CustomValuesClient", "live_key", "parse_custom_value"]

_ROUTE = "/locations/{locationId}/customValues"
_ITEM_ROUTE = "/locations/{locationId}/customValues/{id}"
_KEY = re.compile(r"\{\{\s*custom_values\.([A-Za-z0-9_.-]{1,200})\s*\}\}|([A-Za-z0-9_.-]{1,200})")


def live_key(field_key: str, endpoint: Endpoint) -> str:
    """The key of ``{{ custom_values.<key> }}`` (or of a bare ``custom_values.<key>``)."""
    match = _KEY.fullmatch(field_key.strip())
    if match is None:
        raise endpoint.error(f"custom value fieldKey {field_key!r} names no usable key")
    return (match.group(1) or match.group(2)).removeprefix("custom_values.")


def parse_custom_value(item: Mapping[str, Any], endpoint: Endpoint) -> LiveCustomValue:
    what = "custom value"
    value = item.get("value", "")
    if not isinstance(value, str):
        raise endpoint.error("custom value with a 'value' that is not a string")
    key = live_key(text_of(item, "fieldKey", endpoint, what), endpoint)
    name = text_of(item, "name", endpoint, what)
    return LiveCustomValue(text_of(item, "id", endpoint, what), key, name, value)


_parse_listing = listing_parser("customValues", parse_custom_value)
LISTING = Listing("locations/customValues", _ROUTE, _parse_listing)


class CustomValuesClient:
    def __init__(self, client: GhlClient) -> None:
        self._client = client
        self._base = f"/locations/{interpret.segment(client.location_id, 'GET', _ROUTE)}"

    @property
    def pool(self) -> TaskPool:
        return self._client.pool

    def list(self) -> dict[str, LiveCustomValue]:
        payload, endpoint = self._client.request_json("GET", _ROUTE, self._path())
        found: dict[str, LiveCustomValue] = {}
        for item in _parse_listing(payload, endpoint):
            if found.setdefault(item.key, item) is not item:
                raise endpoint.error(f"two custom values have the key {item.key!r}")
        return found

    def create(self, key: str, name: str, value: str) -> LiveCustomValue:
        body = {"name": name, "value": value}
        try:
            payload, endpoint = self._client.request_json("POST", _ROUTE, self._path(), body=body)
        except ApiError as error:
            adopted = self.list().get(key) if interpret.may_mean_key_taken(error) else None
            if adopted is None or (adopted.name, adopted.value) != (name, value):
                raise
            return adopted
        return parse_custom_value(single_item(payload, endpoint, "customValue"), endpoint)

    def update(self, value_id: str, name: str, value: str) -> LiveCustomValue:
        body = {"name": name, "value": value}
        payload, endpoint = self._client.request_json(
            "PUT", _ITEM_ROUTE, self._path(value_id), body=body
        )
        return parse_custom_value(single_item(payload, endpoint, "customValue"), endpoint)

    def delete(self, value_id: str) -> None:
        try:
            self._client.request_json("DELETE", _ITEM_ROUTE, self._path(value_id))
        except ApiError as error:
            if not interpret.already_gone(error):
                raise

    def _path(self, value_id: str | None = None) -> str:
        if value_id is None:
            return f"{self._base}/customValues"
        return f"{self._base}/customValues/{interpret.segment(value_id, 'PUT', _ITEM_ROUTE)}"
