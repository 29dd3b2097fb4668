"""The kinds ghlsync manages, in dependency order (a kind may wait for those before it).

Adding a kind: one new folder under ``ghlsync/kinds/`` whose package offers ``KIND`` (a
:class:`~ghlsync.kinds.protocol.ManagedKind`) and, when the kind has a section of the file of
its own, ``SECTION`` (a :class:`~ghlsync.config.sections.FileSection`), and one line in
``FOLDERS``; its package names the section's top-level key as ``SECTION_KEY`` (and says
whether it has a ``prune.<key>`` flag as ``SECTION_PRUNE_FLAG``). The packages load lightly
(``ghlsync.kinds.lazy``): listing them here loads no kind; ``KINDS`` loads them all when first
asked for, and a file loads only the sections it uses (``ghlsync.kinds.file``).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from ghlsync.kinds import associations, custom_values, objects, tags

if TYPE_CHECKING:
    from ghlsync.config.sections import FileSection
    from ghlsync.kinds.protocol import ManagedKind
    from ghlsync.values.plan import AnyChange, Phase

    KINDS: tuple[ManagedKind, ...]

__all__ = ["FOLDERS", "KINDS", "changes_of", "kind_of_phase", "section_keys", "sections"]

FOLDERS: tuple[ModuleType, ...] = (
    objects,
    associations,
    custom_values,
    tags,
)


@functools.cache
def _kinds() -> tuple[ManagedKind, ...]:
    return tuple(folder.KIND for folder in FOLDERS)


def __getattr__(name: str) -> object:
    if name == "KINDS":
        return _kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def section_keys() -> dict[str, bool]:
    """Each kind's section key -> whether it has a ``prune.<key>`` flag, in the kinds' order
    (no section is loaded)."""
    return {
        folder.SECTION_KEY: folder.SECTION_PRUNE_FLAG
        for folder in FOLDERS
        if hasattr(folder, "SECTION_KEY")
    }


def sections(keys: Collection[str] | None = None) -> tuple[FileSection[object, object], ...]:
    """The kinds' own sections of the file (only those of ``keys`` when given), in the kinds'
    order; no kind is loaded."""
    chosen = (
        folder for folder in FOLDERS
        if hasattr(folder, "SECTION_KEY") and (keys is None or folder.SECTION_KEY in keys)
    )
    return tuple(folder.SECTION for folder in chosen)


def changes_of(kind: ManagedKind, changes: Sequence[AnyChange]) -> tuple[AnyChange, ...]:
    """The changes ``kind`` owns, in the order given."""
    return tuple(c for c in changes if isinstance(c, kind.change_types))


def kind_of_phase(phase: Phase) -> ManagedKind:
    """The kind that runs ``phase``."""
    return next(kind for kind in _kinds() if phase in kind.phases)
