"""Custom values of a simulated location (``/locations/{id}/customValues``), with the shapes of
HighLevel's ``locations.json``.

Like GHL (and as strict): bodies take exactly ``name`` and ``value`` (another property is a 422
``property X should not exist``), both required strings; a custom value's ``fieldKey`` is
``{{ custom_values.<key> }}`` with the key derived from the name (lowercase, runs of other
characters one ``_``) and kept when it is renamed; a second custom value of the same key is a
400; a create answers 201. State file: the location's ``customValues`` list.
"""

from __future__ import annotations

import re

from ghlsync.sandbox.entities import JsonObject
from ghlsync.sandbox.item_collections import ItemCollection, StoredItems
from ghlsync.sandbox.wire import BodyInputs, Call, Rejection

__all__ = ["RESOURCE", "CustomValues"]


class CustomValues(StoredItems):
    key = "customValues"


def _new(call: Call, values: StoredItems) -> JsonObject:
    name, value = _name_and_value(call)
    field_key = f"{{{{ custom_values.{_slug(name)} }}}}"
    if any(v["fieldKey"] == field_key for v in values.items.values()):
        raise Rejection(400, f"A custom value with the key '{_slug(name)}' already exists")
    return {"name": name, "fieldKey": field_key, "value": value}


def _changed(call: Call, values: StoredItems, item: JsonObject) -> JsonObject:
    name, value = _name_and_value(call)
    return {"name": name, "value": value}


def _name_and_value(call: Call) -> tuple[str, str]:
    inputs = BodyInputs(call)
    name, value = inputs.text("name"), inputs.text("value")
    inputs.done()
    return name, value


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


RESOURCE = ItemCollection(
    CustomValues, "customValue", "Custom value", item_id="id", body="name value",
    new_fields=_new, changed_fields=_changed,
).resource()
