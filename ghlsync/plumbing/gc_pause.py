"""Pause the cyclic garbage collector while a pure computation allocates a lot, and while the
command line starts.

Planning a million relations allocates millions of small objects and no reference cycles;
with the collector on, each collection walks every object alive (the inputs included), which
took half the planner's time. Reference counting still frees everything as usual. The command
line's start-up is the same case: collections, and the one at exit, took about 6 % of
``ghlsync validate``'s instructions.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["gc_paused", "loading_the_command", "pause_for_start_up", "start_up_over"]

P = ParamSpec("P")
T = TypeVar("T")


def gc_paused(function: Callable[P, T]) -> Callable[P, T]:
    """``function`` run with the collector off (back on afterwards if it was on)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


class _StartUp:
    paused = False


def pause_for_start_up() -> None:
    """The command line's start (``ghlsync.cli.entry_point``, never the library): the collector
    off until :func:`start_up_over`. Start-up builds modules, classes and models that live until
    the process ends; collecting while it runs only walks them again and again."""
    if gc.isenabled():
        gc.disable()
        _StartUp.paused = True


def start_up_over() -> None:
    """Collection as usual from here on. What start-up built is frozen (``gc.freeze``) so no
    later collection walks it; the process exits without collecting it either."""
    if _StartUp.paused:
        _StartUp.paused = False
        gc.freeze()
        gc.enable()


@contextmanager
def loading_the_command() -> Iterator[None]:
    """Around a command's imports, before it does anything: its work runs with the collector
    on (a paused start-up is over; without one, nothing changes)."""
    try:
        yield
    finally:
        start_up_over()
