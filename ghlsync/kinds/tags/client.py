"""The tag endpoints of one location (``/locations/{id}/tags``).

A create answered with an error re-reads the list and adopts a tag of that name (a lost
answer, retried); a delete answered 404 is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghlsync.client import interpret
from ghlsync.client.api import GhlClient
from ghlsync.client.endpoint import Endpoint
from ghlsync.errors import ApiError
from ghlsync.kinds.keyed import listing_parser, single_item, text_of
from ghlsync.kinds.protocol import Listing
from ghlsync.kinds.tags.state import LiveTag
from ghlsync.plumbing.runner import TaskPool

__all__ = ["LISTING", "TagsClient", "parse_tag"]

_ROUTE = "/locations/{locationId}/tags"
_ITEM_ROUTE = "/locations/{locationId}/tags/{tagId}"


def parse_tag(item: Mapping[str, Any], endpoint: Endpoint) -> LiveTag:
    return LiveTag(text_of(item, "id", endpoint, "tag"), text_of(item, "name", endpoint, "tag"))


_parse_listing = listing_parser("tags", parse_tag)
LISTING = Listing("locations/tags", _ROUTE, _parse_listing)


class TagsClient:
    def __init__(self, client: GhlClient) -> None:
        self._client = client
        self._base = f"/locations/{interpret.segment(client.location_id, 'GET', _ROUTE)}/tags"

    @property
    def pool(self) -> TaskPool:
        return self._client.pool

    def list(self) -> dict[str, LiveTag]:
        payload, endpoint = self._client.request_json("GET", _ROUTE, self._base)
        return {tag.name: tag for tag in _parse_listing(payload, endpoint)}

    def create(self, name: str) -> LiveTag:
        try:
            payload, endpoint = self._client.request_json(
                "POST", _ROUTE, self._base, body={"name": name}
            )
        except ApiError as error:
            adopted = self.list().get(name) if interpret.may_mean_key_taken(error) else None
            if adopted is None:
                raise
            return adopted
        return parse_tag(single_item(payload, endpoint, "tag"), endpoint)

    def delete(self, tag_id: str) -> None:
        path = f"{self._base}/{interpret.segment(tag_id, 'DELETE', _ITEM_ROUTE)}"
        try:
            self._client.request_json("DELETE", _ITEM_ROUTE, path)
        except ApiError as error:
            if not interpret.already_gone(error):
                raise
