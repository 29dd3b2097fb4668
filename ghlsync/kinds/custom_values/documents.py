"""The custom value changes of a JSON plan (docs/design.md, "Saved plans")."""

from __future__ import annotations

from typing import ClassVar, Literal

from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.keyed_documents import KeyedChangeDocument
from ghlsync.values.plan import KeyedChange

__all__ = ["CustomValueChangeDocument"]


class CustomValueChangeDocument(KeyedChangeDocument):
    change_type: ClassVar[type[KeyedChange]] = CustomValueChange
    kind: Literal["custom_value"]
