"""The kinds ghlsync manages, in dependency order (a kind may wait for those before it).

Adding a kind: one new folder under ``ghlsync/kinds/`` whose ``KIND`` follows
:class:`~ghlsync.kinds.protocol.ManagedKind`, and one line here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ghlsync.kinds import associations, objects
from ghlsync.kinds.protocol import ManagedKind
from ghlsync.values.plan import AnyChange, Phase

__all__ = ["KINDS", "changes_of", "kind_of_phase"]

KINDS: tuple[ManagedKind, ...] = (
    objects.KIND,
    associations.KIND,
)


def changes_of(kind: ManagedKind, changes: Sequence[AnyChange]) -> tuple[AnyChange, ...]:
    """The changes ``kind`` owns, in the order given."""
    return tuple(c for c in changes if isinstance(c, kind.change_types))


def kind_of_phase(phase: Phase) -> ManagedKind:
    """The kind that runs ``phase``."""
    return next(kind for kind in KINDS if phase in kind.phases)
