"""Tolerant reading of object schemas, custom fields and folders into ghlsync.objects values.

Lists may come bare or wrapped (``{"objects": [...]}``, ``{"fields": [...]}``,
``{"customFields": [...]}``); single items bare or wrapped (``{"object": {...}}``,
``{"field": {...}}``, ``{"customField": {...}}``, ``{"folder": {...}}``). Options may be
strings, ``{key, label}`` or ``{value, name}`` objects.

Field listings also hold entries ghlsync does not manage: standard fields (``dataType``
``STANDARD_FIELD`` or ``standard: true``), folder entries (``documentType: "folder"``),
entries without a ``name`` or with a ``dataType`` that is not text (``{id, label}``), and, in
a contact or opportunity listing, other models' keys. They are skipped, so they never become
managed fields (docs/design.md, "Reading with the fewest requests"). A custom field ghlsync
would manage that is missing or mistyped raises an ApiError naming the endpoint and the
entry, so a misread schema is never planned against.
"""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.client.parse import Endpoint
from ghlsync.client.segment import segment_problem
from ghlsync.values.objects import FieldValue, FolderValue, ObjectValue, short_key

__all__ = [
    "RawField",
    "RawObject",
    "field_list",
    "folder_list",
    "object_list",
    "primary_property",
    "single_field",
    "single_folder",
    "single_object",
]

_LIST_NAMES = ("objects", "fields", "customFields", "folders", "data")


class RawObject:
    """An object schema as read, with its primary property's key (its name comes from fields)
    and whether the answer said which properties are searchable."""

    def __init__(
        self, value: ObjectValue, primary_key: str | None, says_searchable: bool = True
    ) -> None:
        self.value = value
        self.primary_key = primary_key
        self.says_searchable = says_searchable


def object_list(payload: object, endpoint: Endpoint) -> list[RawObject]:
    return [_object(item, endpoint) for item in _items(payload, endpoint, "objects")]


def single_object(payload: object, endpoint: Endpoint) -> RawObject:
    return _object(_single(payload, endpoint, "object"), endpoint)


class RawField:
    """A field as read, before its folder id is turned into a folder name."""

    def __init__(self, value: FieldValue, folder_id: str | None, full_key: str) -> None:
        self.value = value
        self.folder_id = folder_id
        self.full_key = full_key


def field_list(
    payload: object, endpoint: Endpoint, object_key: str, *, prefixed: bool = False
) -> list[RawField]:
    """The custom fields ghlsync manages; with ``prefixed``, only keys ``<object_key>.*``
    (or unprefixed keys of an entry whose ``model`` is ``object_key``)."""
    names = ("fields", "customFields")
    items = next((payload[n] for n in names if isinstance(payload, Mapping) and n in payload), None)
    if items is None:
        items = _items(payload, endpoint, "fields")
    if not isinstance(items, list):
        raise endpoint.error("expected a list of custom fields")
    managed = [item for item in items if _is_managed(item, endpoint, object_key, prefixed)]
    return [_field(item, endpoint, object_key) for item in managed]


def primary_property(payload: object, full_key: str) -> tuple[str, str] | None:
    """The name and type of the embedded property ``full_key`` of an object answer, when
    readable; the other embedded properties (standard ones among them) are not read."""
    fields = payload.get("fields") if isinstance(payload, Mapping) else None
    for item in fields if isinstance(fields, list) else []:
        if isinstance(item, Mapping) and item.get("fieldKey") == full_key:
            name, kind = item.get("name"), item.get("dataType")
            if isinstance(name, str) and name and isinstance(kind, str) and kind:
                return name, kind
    return None


def single_field(payload: object, endpoint: Endpoint, object_key: str) -> RawField:
    item = _single(payload, endpoint, "field", "customField")
    return _field(item, endpoint, object_key)


def folder_list(payload: object, endpoint: Endpoint, object_key: str) -> list[FolderValue]:
    items = payload.get("folders", []) if isinstance(payload, Mapping) else []
    if not isinstance(items, list):
        raise endpoint.error("expected 'folders' to be a list")
    return [_folder(item, endpoint, object_key) for item in items]


def single_folder(payload: object, endpoint: Endpoint, object_key: str) -> FolderValue:
    return _folder(_single(payload, endpoint, "folder"), endpoint, object_key)


def _items(payload: object, endpoint: Endpoint, plural: str) -> list[object]:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, Mapping):
        for name in (plural, *_LIST_NAMES):
            inner = payload.get(name)
            if isinstance(inner, list):
                return inner
    raise endpoint.error(f"expected a list of {plural}")


def _single(payload: object, endpoint: Endpoint, *names: str) -> Mapping[str, object]:
    if not isinstance(payload, Mapping):
        raise endpoint.error(f"expected a {names[0]} object")
    for name in (*names, "data"):
        inner = payload.get(name)
        if isinstance(inner, Mapping):
            return inner
    return payload


_STANDARD_TYPE = "STANDARD_FIELD"


def _is_managed(item: object, endpoint: Endpoint, object_key: str, prefixed: bool) -> bool:
    """Whether a listed entry is a custom field of ``object_key`` (one ghlsync manages)."""
    if not isinstance(item, Mapping):
        raise endpoint.error(f"expected a custom field object, got {type(item).__name__}")
    kind = item.get("dataType")
    if item.get("documentType") == "folder" or item.get("standard") is True:
        return False
    if not isinstance(kind, str) or kind == _STANDARD_TYPE or item.get("name") is None:
        return False
    key = item.get("fieldKey")
    if not prefixed or not isinstance(key, str):
        return True
    return key.startswith(f"{object_key}.") or ("." not in key and item.get("model") == object_key)


def _entry_name(item: Mapping[str, object]) -> str:
    """How an error names a listed entry: its key, else its id, else its name."""
    for name in ("fieldKey", "id", "_id", "name"):
        value = item.get(name)
        if isinstance(value, str) and value:
            return f" {value!r}"
    return ""


class _Reader:
    def __init__(self, item: object, endpoint: Endpoint, what: str) -> None:
        if not isinstance(item, Mapping):
            raise endpoint.error(f"expected a {what} object")
        self.item: Mapping[str, object] = item
        self.endpoint = endpoint
        self.what = what

    def text(self, name: str) -> str:
        value = self.item.get(name)
        if not isinstance(value, str) or not value:
            raise self.endpoint.error(f"malformed {self.what}: field '{name}' missing or not text")
        return value

    def path_text(self, value: str, name: str) -> str:
        """``value`` (field ``name``), which will be sent back in a URL path."""
        problem = segment_problem(value)
        if problem is not None:
            raise self.endpoint.error(f"malformed {self.what}: '{name}' cannot be an id: {problem}")
        return value

    def optional(self, *names: str) -> str | None:
        for name in names:
            value = self.item.get(name)
            if isinstance(value, str):
                return value
        return None

    def strings(self, name: str) -> tuple[str, ...] | None:
        value = self.item.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.endpoint.error(f"malformed {self.what}: '{name}' is not a list")
        return tuple(_option_label(v, self) for v in value)


def _option_label(value: object, reader: _Reader) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        label = value.get("label", value.get("name"))
        if isinstance(label, str):
            return label
    raise reader.endpoint.error(f"malformed {reader.what}: an option is neither text nor a label")


def _object(item: object, endpoint: Endpoint) -> RawObject:
    reader = _Reader(item, endpoint, "object schema")
    key = reader.path_text(reader.text("key"), "key")
    labels = reader.item.get("labels")
    labels = labels if isinstance(labels, Mapping) else {}
    searchable = reader.strings("searchableProperties")
    value = ObjectValue(
        key=key,
        singular=_label(labels, "singular"),
        plural=_label(labels, "plural"),
        description=reader.optional("description") or None,
        searchable=tuple(short_key(key, s) for s in searchable) if searchable else (),
        id=reader.optional("id", "_id") or key,
    )
    return RawObject(value, reader.optional("primaryDisplayProperty"), searchable is not None)


def _label(labels: Mapping[str, object], name: str) -> str | None:
    value = labels.get(name)
    return value if isinstance(value, str) else None


def _field(item: object, endpoint: Endpoint, object_key: str) -> RawField:
    described = _entry_name(item) if isinstance(item, Mapping) else ""
    reader = _Reader(item, endpoint, f"custom field{described}")
    options = (reader.strings("options") or reader.strings("picklistOptions")
               or reader.strings("textBoxListOptions") or ())
    full_key = reader.text("fieldKey")
    value = FieldValue(
        object_key=object_key,
        key=short_key(object_key, full_key),
        name=reader.text("name"),
        type=reader.text("dataType"),
        options=options,
        description=reader.optional("description") or None,
        placeholder=reader.optional("placeholder") or None,
        id=reader.path_text(reader.optional("id", "_id") or reader.text("id"), "id"),
    )
    return RawField(value, reader.optional("parentId"), full_key)


def _folder(item: object, endpoint: Endpoint, object_key: str) -> FolderValue:
    reader = _Reader(item, endpoint, "custom field folder")
    folder_id = reader.optional("id", "_id") or reader.text("id")
    return FolderValue(object_key, reader.text("name"), folder_id)
