"""Diff the declared objects and fields against the live schema. Pure: no I/O.

What GHL cannot do is refused here, as problems at the ``FILE:LINE`` that asks for it:
creating a custom object without labels and primary property, changing a primary
property, removing an option, moving a field to another folder. A field type change is a
replacement. Objects and fields not declared are never touched, except undeclared fields of
declared objects with ``prune.fields``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace

from ghlsync.errors import ConfigProblem
from ghlsync.values.objects import (
    DesiredObjects,
    FieldValue,
    FolderValue,
    LiveObjects,
    ObjectValue,
)
from ghlsync.values.plan import Action, FieldChange, Kind, ObjectsChange
from ghlsync.values.state import DesiredState, Source

__all__ = ["FIELD_VALUES_DESTROYED", "destroy_reasons", "diff_objects", "objects_for_targets"]

FIELD_VALUES_DESTROYED = "destroys the values of this field in every record"

_OBJECT_TEXTS = ("singular", "plural", "description")
_FIELD_TEXTS = ("name", "description", "placeholder")


def diff_objects(
    desired: DesiredObjects, live: LiveObjects
) -> tuple[list[ObjectsChange], list[ConfigProblem]]:
    """The schema changes, and the problems (refusals) that stop the plan."""
    planner = _ObjectsDiff(desired, live)
    for key in sorted(desired.objects):
        planner.plan_object(key)
    return planner.changes, planner.problems


def destroy_reasons(changes: Iterable[ObjectsChange]) -> tuple[str, ...]:
    """Why applying ``changes`` needs ``--allow-destroy``: each field replaced or deleted."""
    verbs = {Action.DELETE: "deleted", Action.REPLACE: "replaced"}
    return tuple(
        f"{c.address} would be {verbs[c.action]}; {FIELD_VALUES_DESTROYED}"
        for c in changes
        if c.action in verbs
    )


class _ObjectsDiff:
    def __init__(self, desired: DesiredObjects, live: LiveObjects) -> None:
        self.desired = desired
        self.live = live
        self.changes: list[ObjectsChange] = []
        self.problems: list[ConfigProblem] = []
        self._new_folders: set[tuple[str, str]] = set()

    def _source(self, address: str) -> Source | None:
        return self.desired.source(address)

    def _refuse(self, address: str, message: str) -> None:
        source = self._source(address)
        file, line = (source.file, source.line) if source else ("(objects)", 1)
        self.problems.append(ConfigProblem(file, line, message))

    # objects

    def plan_object(self, key: str) -> None:
        declared = self.desired.objects[key]
        existing = self.live.objects.get(key)
        if existing is None and not declared.is_standard:
            self._create_object(declared)
        else:
            self._update_object(declared, existing or ObjectValue(key))
        for field in self._declared_fields(key):
            self._plan_field(field)
        if self.desired.prune_fields and existing is not None:
            self._prune_fields(key, existing)

    def _declared_fields(self, key: str) -> list[FieldValue]:
        return [f for (obj, _), f in sorted(self.desired.fields.items()) if obj == key]

    def _create_object(self, declared: ObjectValue) -> None:
        if declared.singular is None or declared.primary is None:
            self._refuse(declared.address(), (
                f"object '{declared.key}' is not in the location; to create it, declare "
                "labels and primary_property"
            ))
            return
        self._add(Kind.OBJECT, Action.CREATE, None, declared, "not in location")

    def _update_object(self, declared: ObjectValue, existing: ObjectValue) -> None:
        if declared.primary is not None and declared.primary != existing.primary:
            self._refuse(declared.address(), (
                f"object '{declared.key}': primary_property is set when the object is created "
                f"and GHL cannot change it (live: {_primary_text(existing)})"
            ))
        differences = list(_object_differences(declared, existing))
        if differences:
            after = _merged_object(declared, existing)
            self._add(Kind.OBJECT, Action.UPDATE, existing, after, "differs", differences)

    # fields

    def _plan_field(self, declared: FieldValue) -> None:
        existing = self.live.fields.get(declared.identity)
        if existing is None:
            self._need_folder(declared)
            self._add(Kind.FIELD, Action.CREATE, None, declared, "not in location")
        elif existing.type != declared.type:
            self._need_folder(declared)
            reason = f"type {existing.type} -> {declared.type}"
            self._add(Kind.FIELD, Action.REPLACE, existing, declared, reason)
        else:
            self._update_field(declared, existing)

    def _update_field(self, declared: FieldValue, existing: FieldValue) -> None:
        removed = [o for o in existing.options if o not in declared.options]
        if removed:
            self._refuse(declared.address(), (
                f"field '{declared.object_key}.{declared.key}': GHL cannot remove options "
                f"({', '.join(json.dumps(o) for o in removed)}); declare them again"
            ))
            return
        if _moves_folder(declared, existing):
            self._refuse(declared.address(), (
                f"field '{declared.object_key}.{declared.key}' is in folder "
                f"{_folder_text(existing.folder)} and the file puts it in "
                f"{_folder_text(declared.folder)}: a folder is set when a field is created and "
                "GHL's field update (PUT /custom-fields/{id}) has no parentId, so it cannot be "
                "moved; move it in GHL or declare the folder it is in"
            ))
            return
        differences = list(_field_differences(declared, existing))
        if differences:
            self._need_folder(declared)
            after = _merged_field(declared, existing)
            self._add(Kind.FIELD, Action.UPDATE, existing, after, "differs", differences)

    def _need_folder(self, declared: FieldValue) -> None:
        if declared.folder is None:
            return
        identity = (declared.object_key, declared.folder)
        if identity in self.live.folders or identity in self._new_folders:
            return
        self._new_folders.add(identity)
        folder = FolderValue(*identity)
        self._add(Kind.FOLDER, Action.CREATE, None, folder, "not in location",
                  source=self._source(declared.address()))

    def _prune_fields(self, key: str, existing: ObjectValue) -> None:
        primary = existing.primary.key if existing.primary else None
        for field in self.live.fields_of(key):
            if field.identity not in self.desired.fields and field.key != primary:
                self._add(Kind.FIELD, Action.DELETE, field, None, "not declared",
                          source=self._source(existing.address()))

    def _add(
        self,
        kind: Kind,
        action: Action,
        before: ObjectValue | FieldValue | FolderValue | None,
        after: ObjectValue | FieldValue | FolderValue | None,
        reason: str,
        fields: list[FieldChange] | None = None,
        source: Source | None = None,
    ) -> None:
        value = after or before
        assert value is not None
        where = source or self._source(value.address())
        change = ObjectsChange(kind, action, before, after, reason, where, tuple(fields or ()))
        self.changes.append(change)


def _primary_text(value: ObjectValue) -> str:
    primary = value.primary
    return "none known" if primary is None else f"{primary.key} {primary.name!r} {primary.type}"


def _object_differences(declared: ObjectValue, existing: ObjectValue) -> Iterator[FieldChange]:
    for name in _OBJECT_TEXTS:
        wanted = getattr(declared, name)
        if wanted is not None and wanted != (getattr(existing, name) or None):
            yield FieldChange(name, _text(getattr(existing, name)), _text(wanted))
    wanted = declared.searchable
    if wanted is not None and sorted(wanted) != sorted(existing.searchable or ()):
        yield FieldChange("searchable", _list(existing.searchable or ()), _list(wanted))


def _moves_folder(declared: FieldValue, existing: FieldValue) -> bool:
    return declared.folder is not None and (declared.folder or None) != (existing.folder or None)


def _folder_text(folder: str | None) -> str:
    return json.dumps(folder) if folder else "(none)"


def _field_differences(declared: FieldValue, existing: FieldValue) -> Iterator[FieldChange]:
    for name in _FIELD_TEXTS:
        wanted = getattr(declared, name)
        if wanted is not None and (wanted or None) != (getattr(existing, name) or None):
            yield FieldChange(name, _text(getattr(existing, name)), _text(wanted))
    added = [o for o in declared.options if o not in existing.options]
    if added:
        yield FieldChange("options", _list(existing.options), _list((*existing.options, *added)))


def _merged_object(declared: ObjectValue, existing: ObjectValue) -> ObjectValue:
    """What the object will be: declared values where given, live ones elsewhere."""
    return ObjectValue(
        key=declared.key,
        singular=declared.singular or existing.singular,
        plural=declared.plural or existing.plural,
        description=declared.description if declared.description is not None
        else existing.description,
        primary=existing.primary,
        searchable=declared.searchable if declared.searchable is not None
        else existing.searchable,
        id=existing.id,
    )


def _merged_field(declared: FieldValue, existing: FieldValue) -> FieldValue:
    added = tuple(o for o in declared.options if o not in existing.options)
    return FieldValue(
        object_key=declared.object_key,
        key=declared.key,
        name=declared.name,
        type=declared.type,
        options=(*existing.options, *added),
        folder=declared.folder if declared.folder is not None else existing.folder,
        description=_kept(declared.description, existing.description),
        placeholder=_kept(declared.placeholder, existing.placeholder),
        id=existing.id,
    )


def _kept(wanted: str | None, current: str | None) -> str | None:
    return wanted if wanted is not None else current


def _text(value: str | None) -> str:
    return "" if value is None else value


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def objects_for_targets(desired: DesiredState, targets: Collection[str]) -> DesiredState:
    """``desired`` with only the objects named in ``targets`` (and their fields) declared.

    ``--target``: with no object among ``targets`` nothing of the schema is planned or read.
    """
    schema = desired.objects
    if schema is None:
        return desired
    objects = {k: v for k, v in schema.objects.items() if k in targets}
    if not objects:
        return replace(desired, objects=None)
    fields = {k: v for k, v in schema.fields.items() if k[0] in objects}
    return replace(desired, objects=replace(schema, objects=objects, fields=fields))
