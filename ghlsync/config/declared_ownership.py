"""Collect ``ignore`` and ``prevent_destroy`` from a validated file, by plan address
(README, "Custom values, tags and ownership")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from ghlsync.config.models import ConfigModel
from ghlsync.config.yaml_loader import DocPath, LineTable
from ghlsync.values.source import Source
from ghlsync.values.state import Ownership

__all__ = ["ownership_of"]


class _Owned(Protocol):
    @property
    def ignore(self) -> list[Any]: ...

    @property
    def prevent_destroy(self) -> bool: ...


def ownership_of(model: ConfigModel, file: str, lines: LineTable) -> dict[str, Ownership]:
    """Plan address -> ownership, for every item that sets ``ignore`` or ``prevent_destroy``."""
    return {
        address: Ownership(Source(file, lines.line(path)), frozenset(item.ignore),
                           item.prevent_destroy)
        for address, path, item in _owned_items(model)
        if item.ignore or item.prevent_destroy
    }


def _owned_items(model: ConfigModel) -> Iterator[tuple[str, DocPath, _Owned]]:
    for index, association in enumerate(model.associations):
        yield f"association.{association.key}", ("associations", index), association
    for key, declared in model.objects.items():
        yield f"object.{key}", ("objects", key), declared
        for field_key, field in declared.fields.items():
            yield f"field.{key}.{field_key}", ("objects", key, "fields", field_key), field
    for key, value in (model.custom_values or {}).items():
        yield f"custom_value.{key}", ("custom_values", key), value
