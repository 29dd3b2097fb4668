"""Tags of a simulated location (``/locations/{id}/tags``), with the shapes of HighLevel's
``locations.json``.

Like GHL (and as strict): bodies take exactly ``name``, a required string (another property
is a 422 ``property X should not exist``); a second tag of the same name is a 400; a create
answers 200. Deleting a tag removes it from the location (contacts are not simulated). State
file: the location's ``tags`` list.
"""

from __future__ import annotations

from ghlsync.sandbox.entities import JsonObject
from ghlsync.sandbox.item_collections import ItemCollection, StoredItems
from ghlsync.sandbox.wire import BodyInputs, Call, Rejection

__all__ = ["RESOURCE", "Tags"]


class Tags(StoredItems):
    key = "tags"


def _new(call: Call, tags: StoredItems) -> JsonObject:
    name = _tag_name(call)
    _refuse_taken(tags, name)
    return {"name": name}


def _changed(call: Call, tags: StoredItems, item: JsonObject) -> JsonObject:
    name = _tag_name(call)
    if name != item["name"]:
        _refuse_taken(tags, name)
    return {"name": name}


def _tag_name(call: Call) -> str:
    inputs = BodyInputs(call)
    name = inputs.text("name")
    inputs.done()
    return name


def _refuse_taken(tags: StoredItems, name: str) -> None:
    if any(t["name"] == name for t in tags.items.values()):
        raise Rejection(400, f"Tag '{name}' already exists")


RESOURCE = ItemCollection(
    Tags, "tag", "Tag", item_id="tagId", body="name",
    new_fields=_new, changed_fields=_changed, created_status=200,
).resource()
