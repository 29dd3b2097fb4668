"""ghlsync: a GoHighLevel location's CRM schema as code, as a command and a Python library.

    import ghlsync
    project = ghlsync.load("ghlsync.yaml")
    plan = project.plan(env="staging")
    report = project.apply(plan)

The public face is ``__all__``; everything else is private. Attributes load on first use, so
``import ghlsync`` (and the command line's start) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ghlsync.version import __version__

__all__ = [
    "ConfigError",
    "GhlsyncError",
    "Plan",
    "Project",
    "Report",
    "SafetyError",
    "StalePlanError",
    "__version__",
    "load",
]

_HOMES = {
    "ConfigError": "ghlsync.errors",
    "GhlsyncError": "ghlsync.errors",
    "SafetyError": "ghlsync.errors",
    "StalePlanError": "ghlsync.errors",
    "Plan": "ghlsync.library",
    "Project": "ghlsync.library",
    "Report": "ghlsync.library",
    "load": "ghlsync.library",
}

if TYPE_CHECKING:
    from ghlsync.errors import ConfigError, GhlsyncError, SafetyError, StalePlanError
    from ghlsync.library import Plan, Project, Report, load


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ghlsync' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
