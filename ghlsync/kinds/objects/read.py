"""Read the live schema of the declared objects: one object listing, then per declared
object that exists, its fields (with folders), and its schema only where the listing did not
describe it. Those reads of every object run at once on the pool (paced), so the schema costs
two round trips, not one per object, and 1 + N requests for N objects when the listing carries
what an object's own read would (docs/design.md, "Reading with the fewest requests"). A
contact or opportunity field GHL keyed from its name is read as the declared field it is
(:func:`with_declared_keys`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import (
    NAME_KEYED_OBJECTS,
    STANDARD_OBJECTS,
    DesiredObjects,
    FieldValue,
    FolderValue,
    LiveObjects,
    ObjectValue,
    same_field,
)
from ghlsync.values.state import LiveState

__all__ = ["ObjectsReader", "read_live_objects", "with_declared_keys", "with_live_objects"]

_Read = tuple[ObjectValue | None, list[FieldValue], list[FolderValue]]
_Fields = tuple[list[FieldValue], list[FolderValue]]
_Answer = ObjectValue | _Fields | None


class ObjectsReader(Protocol):
    @property
    def pool(self) -> TaskPool: ...

    def list_objects(self) -> list[ObjectValue]: ...

    def get_object(self, key: str) -> ObjectValue | None: ...

    def list_fields(self, object_key: str) -> tuple[list[FieldValue], list[FolderValue]]: ...

    def described_by_listing(self, key: str) -> bool: ...

    def object_from_listing(self, key: str, fields: Sequence[FieldValue]) -> ObjectValue | None:
        ...


def read_live_objects(reader: ObjectsReader, object_keys: Iterable[str] | None) -> LiveObjects:
    """Every object of the location, and the schema and fields of ``object_keys`` that exist
    (None: of every object listed and the standard ones), read on the reader's pool. Raises
    the first ApiError met; KeyboardInterrupt when interrupted.
    """
    listed = {o.key: o for o in reader.list_objects()}
    asked = frozenset(listed) | STANDARD_OBJECTS if object_keys is None else frozenset(object_keys)
    present = sorted(k for k in asked if k in listed or k in STANDARD_OBJECTS)
    results = _read_each(reader, present)
    objects = dict(listed)
    fields: dict[tuple[str, str], FieldValue] = {}
    folders: dict[tuple[str, str], FolderValue] = {}
    for key, (detail, object_fields, object_folders) in zip(present, results, strict=True):
        objects[key] = detail or listed.get(key) or ObjectValue(key)
        fields |= {f.identity: f for f in object_fields}
        folders |= {(f.object_key, f.name): f for f in object_folders}
    return LiveObjects(objects, fields, folders, asked)


def with_declared_keys(desired: DesiredObjects, live: LiveObjects) -> LiveObjects:
    """``live`` with each declared contact or opportunity field that has no live field of its
    key matched by name instead (``same_field``): the live field GHL keyed from the name is
    read under the declared key, so it is updated, never created twice nor pruned."""
    fields = dict(live.fields)
    for identity, declared in sorted(desired.fields.items()):
        if declared.object_key not in NAME_KEYED_OBJECTS or identity in fields:
            continue
        undeclared = [f for f in fields.values() if f.identity not in desired.fields]
        found = same_field(declared, undeclared)
        if found is not None and found[0].type == declared.type:
            del fields[found[0].identity]
            fields[identity] = replace(found[0], key=declared.key)
    return replace(live, fields=fields)


def with_live_objects(live: LiveState, schema: LiveObjects) -> LiveState:
    """``live`` with the schema read beside it (and the object keys in its scope)."""
    scope = replace(live.scope, objects=schema.read)
    return replace(live, objects=schema, scope=scope)


def _read_each(reader: ObjectsReader, keys: list[str]) -> list[_Read]:
    """Each object's fields, and its schema where the listing did not describe it, every read
    of every object concurrently. A described custom object whose primary property is not
    among its fields has its schema read after all (then one after the other)."""
    detailed = [key for key in keys if not reader.described_by_listing(key)]
    tasks: list[Callable[[], _Answer]] = [_bound(reader.list_fields, key) for key in keys]
    tasks += [_bound(reader.get_object, key) for key in detailed]
    answers = reader.pool.gather(tasks)
    fields = {key: _as_fields(answer) for key, answer in zip(keys, answers, strict=False)}
    details = {key: _as_object(answer) for key, answer in zip(detailed, answers[len(keys):],
                                                                  strict=True)}
    for key in keys:
        if key not in details:
            details[key] = reader.object_from_listing(key, fields[key][0])
    missing = [key for key in keys if key not in detailed and details[key] is None]
    if missing:
        reread = reader.pool.gather([_bound(reader.get_object, key) for key in missing])
        details |= {key: _as_object(answer) for key, answer in zip(missing, reread, strict=True)}
    return [(details[key], *fields[key]) for key in keys]


def _bound(read: Callable[[str], _Answer], key: str) -> Callable[[], _Answer]:
    return lambda: read(key)


def _as_fields(answer: _Answer) -> _Fields:
    assert isinstance(answer, tuple)
    return answer


def _as_object(answer: _Answer) -> ObjectValue | None:
    assert not isinstance(answer, tuple)
    return answer
