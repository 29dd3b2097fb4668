"""The exceptions ghlsync raises. Every one derives from :class:`GhlsyncError`.

Third-party exceptions (httpx, pydantic, yaml) are translated where they are caught;
nothing else crosses the package boundary. ``ghlsync.cli`` is the one place that turns
these into exit codes (every GhlsyncError is exit 1; Ctrl-C is 130).

    GhlsyncError
    ├── ConfigError          the YAML file is wrong (carries every FILE:LINE problem)
    ├── UsageError           the command line or environment is wrong (flags, token, URL)
    ├── ApiError             the API (or the transport to it) answered with a failure
    ├── PlanFileError        a saved plan is unreadable, stale, or for another location
    │   └── StalePlanError   planning again does not give the saved plan
    ├── SafetyError          a destructive change needs --allow-destroy
    ├── ApprovalDeclined     the user did not type 'yes' (or there was no terminal)
    └── ApplyError           some operations of an apply failed, were skipped or
                             the location does not match the file afterwards
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = [
    "ApiError",
    "ApplyError",
    "ApprovalDeclined",
    "ConfigError",
    "ConfigProblem",
    "GhlsyncError",
    "PlanFileError",
    "SafetyError",
    "StalePlanError",
    "UsageError",
]


class GhlsyncError(Exception):
    """Root of every error ghlsync reports to a user."""


class ConfigProblem(NamedTuple):
    """One thing wrong with a configuration file, at ``file:line``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ConfigError(GhlsyncError):
    """The configuration file is invalid; ``problems`` lists all that is wrong."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line, p.message)))
        count = len(self.problems)
        heading = f"{count} error{'s' if count != 1 else ''} in configuration:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


class UsageError(GhlsyncError):
    """The command line or the process environment is wrong."""


class ApiError(GhlsyncError):
    """A request failed: ``status`` is None when no HTTP answer arrived."""

    def __init__(self, method: str, path: str, status: int | None, message: str) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        shown = f"HTTP {status}" if status is not None else "no answer"
        super().__init__(f"{method} {path}: {shown}: {message}")


class PlanFileError(GhlsyncError):
    """A saved plan cannot be applied (unreadable, stale, other location, newer format)."""


class StalePlanError(PlanFileError):
    """The location (or a natural key) changed since the plan was made: planning again gives
    another plan, so nothing is applied."""


class SafetyError(GhlsyncError):
    """The plan contains destructive changes that need ``--allow-destroy``."""


class ApprovalDeclined(GhlsyncError):
    """The apply was not approved."""


class ApplyError(GhlsyncError):
    """An apply did not fully succeed; the report has already been printed."""
