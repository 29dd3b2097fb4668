"""``ignore`` and ``prevent_destroy``: what the file leaves to the location, per item
(README, "Ownership"). Each kind names the attributes it can ignore, so an attribute it does
not have is a validation error at ``FILE:LINE``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import Field

from ghlsync.config.yaml_loader import DocPath, LineTable
from ghlsync.model import Ownership, Source

if TYPE_CHECKING:
    from ghlsync.config.models import ConfigModel

__all__ = ["ignore_field", "ownership_of", "prevent_destroy_field"]

_PREVENT_DESTROY = "true: a plan that would delete or replace this is an error, whatever the flags."


class _Owned(Protocol):
    @property
    def ignore(self) -> list[Any]: ...

    @property
    def prevent_destroy(self) -> bool: ...


def ignore_field() -> Any:
    """The ``ignore`` key: attributes whose live value is kept (never overwritten)."""
    return Field(
        default_factory=list,
        description="Attributes the location may change: their drift is shown, never "
        "overwritten.",
    )


def prevent_destroy_field() -> Any:
    return Field(default=False, description=_PREVENT_DESTROY)


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
