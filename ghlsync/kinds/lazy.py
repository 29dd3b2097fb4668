"""A kind's package that loads lightly: its ``KIND`` (reading, diffing, applying) is imported
the first time it is asked for, so the file's ``section`` can be read alone (``ghlsync
validate`` loads no plan, client or engine code; docs/design.md, "The file")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

__all__ = ["attributes_of"]


def attributes_of(package: str, module: str, names: Sequence[str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` giving each of ``names`` from its ``module``."""

    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
