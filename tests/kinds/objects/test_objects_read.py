"""Reading the live schema: the reads of every object run at once, results stay in order."""

from __future__ import annotations

import threading

from ghlsync.kinds.objects.read import read_live_objects
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import FieldValue, FolderValue, ObjectValue

KEYS = ["custom_objects.car", "custom_objects.pet", "custom_objects.boat"]


class MeetingReader:
    """Every read waits until all of them are in flight: sequential reads would time out."""

    def __init__(self, parallelism: int) -> None:
        self.pool = TaskPool(parallelism)
        self.meeting = threading.Barrier(2 * len(KEYS), timeout=5)

    def list_objects(self) -> list[ObjectValue]:
        return [ObjectValue(key) for key in KEYS]

    def get_object(self, key: str) -> ObjectValue | None:
        self.meeting.wait()
        return ObjectValue(key, singular=f"{key} detail")

    def list_fields(self, object_key: str) -> tuple[list[FieldValue], list[FolderValue]]:
        self.meeting.wait()
        field = FieldValue(object_key, "name", "Name", "TEXT")
        return [field], [FolderValue(object_key, "General", f"folder-{object_key}")]


def test_every_objects_schema_and_fields_are_read_at_once() -> None:
    schema = read_live_objects(MeetingReader(parallelism=32), KEYS)
    for key in KEYS:
        assert schema.objects[key].singular == f"{key} detail"
        assert schema.fields[(key, "name")].object_key == key
        assert schema.folders[(key, "General")].id == f"folder-{key}"
