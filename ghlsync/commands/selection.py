"""What the command line says about the target: the file, ``--env``, ``--location`` and
``--target``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ghlsync.config import ConfigDocument, Resolved, load_document, resolve

__all__ = ["Selection"]


@dataclass(frozen=True, slots=True)
class Selection:
    config: Path
    environment: str | None = None
    location: str | None = None
    targets: tuple[str, ...] = ()

    def load(self, environ: Mapping[str, str] = os.environ) -> Resolved:
        """Load and resolve the file: every file problem is raised before any request."""
        resolved = resolve(load_document(self.config, environ), self.environment, self.location)
        return self.narrowed(resolved)

    def narrowed(self, resolved: Resolved) -> Resolved:
        """``resolved`` with only the ``--target`` associations (all of them without one)."""
        from ghlsync.planner import target_only  # keeps deepdiff out of the offline commands

        return replace(resolved, desired=target_only(resolved.desired, self.targets))

    def document(self, environ: Mapping[str, str] = os.environ) -> ConfigDocument:
        """The loaded file, not yet resolved (natural keys need the location)."""
        return load_document(self.config, environ)

    def with_environment(self, environment: str | None) -> Selection:
        return replace(self, environment=environment)

    def with_targets(self, targets: tuple[str, ...]) -> Selection:
        return replace(self, targets=targets)
