"""Collect ``ignore`` and ``prevent_destroy`` from a validated file, by plan address
(README, "Ownership")."""

from __future__ import annotations

from collections.abc import Iterator

from ghlsync.config.models import ConfigModel
from ghlsync.config.sections import FileSchema, Owned
from ghlsync.config.yaml_loader import DocPath, LineTable
from ghlsync.values.source import Source
from ghlsync.values.state import Ownership

__all__ = ["ownership_of"]


def ownership_of(
    model: ConfigModel, file: str, lines: LineTable, schema: FileSchema
) -> dict[str, Ownership]:
    """Plan address -> ownership, for every item that sets ``ignore`` or ``prevent_destroy``
    (the kinds' sections name theirs)."""
    return {
        address: Ownership(Source(file, lines.line(path)), frozenset(item.ignore),
                           item.prevent_destroy)
        for address, path, item in (*_owned_items(model), *schema.owned(model))
        if item.ignore or item.prevent_destroy
    }


def _owned_items(model: ConfigModel) -> Iterator[tuple[str, DocPath, Owned]]:
    for index, association in enumerate(model.associations):
        yield f"association.{association.key}", ("associations", index), association
    for key, declared in model.objects.items():
        yield f"object.{key}", ("objects", key), declared
        for field_key, field in declared.fields.items():
            yield f"field.{key}.{field_key}", ("objects", key, "fields", field_key), field
