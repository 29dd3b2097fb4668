"""The records a ghlsync file relates by id, so the sandbox location can hold them first.

A sandbox location, like a real one, refuses relations to records it does not hold, and
ghlsync checks them before any write. End-to-end tests are about other things, so before
each ``plan``/``apply``/``diff`` their location is given the records the file names by id
(``hold_records=False`` leaves it as it is, for the tests of missing records).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ghlsync.config.models import ConfigModel, NaturalKeyModel, relation_pair
from ghlsync.config.natural_keys import SYSTEM_ASSOCIATION_OBJECTS
from ghlsync.errors import GhlsyncError
from ghlsync.kinds.file import load_document

Records = dict[str, list[str]]
_WRITING_COMMANDS = ("plan", "apply", "diff", "export", "doctor")


def _option(args: Sequence[str], name: str) -> str | None:
    for index, arg in enumerate(args[:-1]):
        if arg == name:
            return args[index + 1]
    return None


def file_records(workdir: Path, args: Sequence[str]) -> tuple[str, Records] | None:
    """(location, object key -> ids) the command's file relates, or None when it has none."""
    if not args or args[0] not in _WRITING_COMMANDS:
        return None
    path = workdir / (_option(args, "-c") or "ghlsync.yaml")
    try:
        model = load_document(path).model
    except (GhlsyncError, OSError):
        return None
    environment = _option(args, "--env")
    location = _option(args, "--location") or _location(model, environment)
    if location is None:
        return None
    records: Records = {}
    for object_key, record_id in _related(model, environment or "default"):
        held = records.setdefault(object_key, [])
        if record_id not in held:
            held.append(record_id)
    return location, records


def _location(model: ConfigModel, environment: str | None) -> str | None:
    if environment is not None and environment in model.environments:
        return model.environments[environment].location
    return model.location


def _related(model: ConfigModel, column: str) -> Iterator[tuple[str, str]]:
    sides = {**SYSTEM_ASSOCIATION_OBJECTS}
    sides.update({a.key: (a.first.object, a.second.object) for a in model.associations})
    for key, items in model.relations.items():
        if key not in sides:
            continue
        for item in items:
            for object_key, name in zip(sides[key], relation_pair(item), strict=True):
                record_id = _record_id(model, name, column)
                if record_id is not None:
                    yield object_key, record_id


def _record_id(model: ConfigModel, name: str, column: str) -> str | None:
    entry = model.records.get(name)
    if entry is None:
        return name
    if isinstance(entry, NaturalKeyModel):
        return None  # the test's sandbox state holds it, with the property it is found by
    return entry.get(column)
