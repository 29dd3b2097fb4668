"""The tag changes of a JSON plan (docs/design.md, "Saved plans")."""

from __future__ import annotations

from typing import ClassVar, Literal

from ghlsync.kinds.keyed_documents import KeyedChangeDocument
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import Action, KeyedChange

__all__ = ["TagChangeDocument"]


class TagChangeDocument(KeyedChangeDocument):
    change_type: ClassVar[type[KeyedChange]] = TagChange
    kind: Literal["tag"]
    action: Literal[Action.CREATE, Action.DELETE]
