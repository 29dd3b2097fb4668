"""The slot a kind keeps its own part of a DesiredState or LiveState in (docs/design.md, "Kinds").

A state's ``kinds`` maps a kind's name to one immutable value of that kind's own type; this
floor does not know the types. A kind reads and writes its slot through a typed
:class:`Slot` it defines once, so no one else names the key or casts the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar, cast

if TYPE_CHECKING:  # ``ghlsync validate`` loads the slots, not the states
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["Declared", "Slot"]

S = TypeVar("S", "DesiredState", "LiveState")
T = TypeVar("T")


class Slot(Generic[S, T]):
    """The slot named ``kind`` of a state of type ``S``, holding a ``T`` (or nothing)."""

    # A plain class, not a dataclass: ``ghlsync validate`` loads it, and a dataclass costs
    # that start-up a millisecond or two more to create.
    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"Slot({self.kind!r})"

    def of(self, state: S) -> T | None:
        """The kind's value, None when the state has none (not declared, or not read)."""
        return cast("T | None", state.kinds.get(self.kind))

    def put(self, state: S, value: T | None) -> S:
        """``state`` with the kind's value replaced (removed when ``value`` is None)."""
        kinds = {name: held for name, held in state.kinds.items() if name != self.kind}
        if value is not None:
            kinds[self.kind] = value
        return replace(state, kinds=kinds)


class Declared(NamedTuple, Generic[T]):
    """What a file declares of a kind known by one key: the items by key, and whether live
    items it does not declare are deleted (``prune``)."""

    items: Mapping[str, T] = {}
    prune: bool = False
