"""Reading the live schema: the reads of every object run at once, results stay in order; an
object the listing describes costs one read (its fields), not two."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

from ghlsync.kinds.objects.read import read_live_objects
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import FieldValue, FolderValue, ObjectValue, PrimaryProperty

KEYS = ["custom_objects.car", "custom_objects.pet", "custom_objects.boat"]


class MeetingReader:
    """Every read waits until all of them are in flight: sequential reads would time out.
    ``described``: the objects whose listing entry says all their own read would."""

    def __init__(self, parallelism: int, described: Sequence[str] = (),
                 primary_field: str = "name") -> None:
        self.pool = TaskPool(parallelism)
        self.described = frozenset(described)
        self.primary_field = primary_field
        self.meeting = threading.Barrier(2 * len(KEYS) - len(self.described), timeout=5)
        self.reads: list[str] = []

    def list_objects(self) -> list[ObjectValue]:
        return [ObjectValue(key) for key in KEYS]

    def get_object(self, key: str) -> ObjectValue | None:
        self.reads.append(f"object {key}")
        if key not in self.described:
            self.meeting.wait()
        return ObjectValue(key, singular=f"{key} detail")

    def list_fields(self, object_key: str) -> tuple[list[FieldValue], list[FolderValue]]:
        self.reads.append(f"fields {object_key}")
        self.meeting.wait()
        field = FieldValue(object_key, "name", "Name", "TEXT")
        return [field], [FolderValue(object_key, "General", f"folder-{object_key}")]

    def described_by_listing(self, key: str) -> bool:
        return key in self.described

    def object_from_listing(self, key: str, fields: Sequence[FieldValue]) -> ObjectValue | None:
        found = [f for f in fields if f.key == self.primary_field]
        if key not in self.described or not found:
            return None
        primary = PrimaryProperty(found[0].key, found[0].name, found[0].type)
        return replace(ObjectValue(key, singular=f"{key} listed"), primary=primary)


def test_every_objects_schema_and_fields_are_read_at_once() -> None:
    schema = read_live_objects(MeetingReader(parallelism=32), KEYS)
    for key in KEYS:
        assert schema.objects[key].singular == f"{key} detail"
        assert schema.fields[(key, "name")].object_key == key
        assert schema.folders[(key, "General")].id == f"folder-{key}"


def test_an_object_the_listing_describes_is_read_once_with_its_primary_from_its_fields() -> None:
    reader = MeetingReader(parallelism=32, described=KEYS[:2])
    schema = read_live_objects(reader, KEYS)
    assert sorted(reader.reads) == sorted([*(f"fields {k}" for k in KEYS), f"object {KEYS[2]}"])
    for key in KEYS[:2]:
        assert schema.objects[key].singular == f"{key} listed"
        assert schema.objects[key].primary == PrimaryProperty("name", "Name", "TEXT")
    assert schema.objects[KEYS[2]].singular == f"{KEYS[2]} detail"


def test_a_described_object_whose_primary_is_not_among_its_fields_is_read_after_all() -> None:
    reader = MeetingReader(parallelism=32, described=KEYS, primary_field="address")
    schema = read_live_objects(reader, KEYS)
    at = {read: index for index, read in enumerate(reader.reads)}
    assert len(reader.reads) == 6
    assert max(at[f"fields {k}"] for k in KEYS) < min(at[f"object {k}"] for k in KEYS)
    assert all(schema.objects[key].singular == f"{key} detail" for key in KEYS)
