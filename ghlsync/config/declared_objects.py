"""Turn the validated ``objects:`` section into a :class:`DesiredObjects` with sources."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.config.document import ConfigDocument
from ghlsync.config.objects import FieldModel, ObjectModel
from ghlsync.config.yaml_loader import LineTable
from ghlsync.values.objects import DesiredObjects, FieldValue, ObjectValue, PrimaryProperty
from ghlsync.values.state import Source

__all__ = ["declared_objects_of", "desired_schema"]


def declared_objects_of(doc: ConfigDocument) -> DesiredObjects | None:
    """The document's objects and fields, or None when it declares none."""
    model = doc.model
    if not model.objects:
        return None
    return desired_schema(model.objects, model.prune.fields, doc.file, doc.lines)


def desired_schema(
    objects: Mapping[str, ObjectModel], prune_fields: bool, file: str, lines: LineTable
) -> DesiredObjects:
    """The declared objects and fields, each with the ``FILE:LINE`` it was written at."""
    values: dict[str, ObjectValue] = {}
    fields: dict[tuple[str, str], FieldValue] = {}
    sources: dict[str, Source] = {}
    for key, declared in objects.items():
        value = _object_value(key, declared)
        values[key] = value
        sources[value.address()] = Source(file, lines.line(("objects", key)))
        for field_key, field in declared.fields.items():
            field_value = _field_value(key, field_key, field)
            fields[field_value.identity] = field_value
            line = lines.line(("objects", key, "fields", field_key))
            sources[field_value.address()] = Source(file, line)
    return DesiredObjects(values, fields, sources, prune_fields)


def _object_value(key: str, declared: ObjectModel) -> ObjectValue:
    labels, primary = declared.labels, declared.primary_property
    searchable = tuple(declared.searchable) if declared.searchable is not None else None
    return ObjectValue(
        key=key,
        singular=labels.singular if labels else None,
        plural=labels.plural if labels else None,
        description=declared.description,
        primary=PrimaryProperty(primary.key, primary.name, primary.type) if primary else None,
        searchable=searchable,
    )


def _field_value(object_key: str, key: str, field: FieldModel) -> FieldValue:
    return FieldValue(
        object_key=object_key,
        key=key,
        name=field.name,
        type=field.type,
        options=tuple(field.options or ()),
        folder=field.folder,
        description=field.description,
        placeholder=field.placeholder,
    )
