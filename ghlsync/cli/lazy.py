"""A group's commands built only when asked for: ``ghlsync validate`` builds no other
command's options (docs/design.md, "Start-up")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module

import click

__all__ = ["LazyCommands"]


class LazyCommands(MutableMapping[str, click.Command]):
    """A click group's ``commands``: name -> the module whose ``command`` it is, imported the
    first time the name is looked up. Listing the names loads nothing; ``--help`` loads all."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self._modules = dict(modules)
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            command: click.Command = import_module(self._modules[name]).command
            self._built[name] = command
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._modules.keys() | self._built.keys()))

    def __len__(self) -> int:
        return len(self._modules.keys() | self._built.keys())

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._built.pop(name, None)
        self._modules.pop(name, None)
