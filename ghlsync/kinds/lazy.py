"""A kind's package that loads lightly (docs/design.md, "The file"): each name it offers is
imported from its module the first time it is asked for. The registry lists the packages
without loading the kinds' reading and applying, and ``ghlsync validate`` loads only the
sections of the file (no plan, client or engine code)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module

__all__ = ["attributes_of"]


def attributes_of(package: str, modules: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` giving each name of ``modules`` (name ->
    the module of ``package`` that defines it)."""

    def __getattr__(name: str) -> object:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{modules[name]}"), name)

    return __getattr__
