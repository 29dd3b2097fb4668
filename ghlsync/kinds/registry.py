"""The kinds ghlsync manages, in dependency order (a kind may wait for those before it).

Adding a kind: one new folder under ``ghlsync/kinds/`` whose package offers ``KIND`` (a
:class:`~ghlsync.kinds.protocol.ManagedKind`) and, when the kind has a section of the file of
its own, ``SECTION`` (a :class:`~ghlsync.config.sections.FileSection`), and one line in
``FOLDERS``. The packages load lightly (``ghlsync.kinds.lazy``): listing them here loads no
kind; ``KINDS`` loads them all when first asked for, the file's sections load alone
(``ghlsync.kinds.file``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from ghlsync.kinds import associations, custom_values, objects, tags

if TYPE_CHECKING:
    from ghlsync.config.sections import FileSection
    from ghlsync.kinds.protocol import ManagedKind
    from ghlsync.values.plan import AnyChange, Phase

    KINDS: tuple[ManagedKind, ...]

__all__ = ["FOLDERS", "KINDS", "changes_of", "kind_of_phase", "sections"]

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


def sections() -> tuple[FileSection[object, object], ...]:
    """The kinds' own sections of the file, in the kinds' order (no kind is loaded)."""
    found = (getattr(folder, "SECTION", None) for folder in FOLDERS)
    return tuple(section for section in found if section is not None)


def changes_of(kind: ManagedKind, changes: Sequence[AnyChange]) -> tuple[AnyChange, ...]:
    """The changes ``kind`` owns, in the order given."""
    return tuple(c for c in changes if isinstance(c, kind.change_types))


def kind_of_phase(phase: Phase) -> ManagedKind:
    """The kind that runs ``phase``."""
    return next(kind for kind in _kinds() if phase in kind.phases)
