"""What the command line says about where to go: the file, ``--env``, ``--location`` and
``--target``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.config import ConfigDocument, Resolved
    from ghlsync.config.resolve import LocationAccess

__all__ = ["Selection"]


@dataclass(frozen=True, slots=True)
class Selection:
    config: Path
    environment: str | None = None
    location: str | None = None
    targets: tuple[str, ...] = ()

    def access(self, doc: ConfigDocument) -> LocationAccess:
        """The location and token variables; every file problem raised first."""
        from ghlsync.config.resolve import checked_location

        return checked_location(doc, self.environment, self.location)

    def resolved(self, doc: ConfigDocument, client: GhlClient) -> Resolved:
        """``doc`` resolved in ``client``'s location (natural keys), narrowed to ``--target``."""
        from ghlsync.engine import target_only  # keeps the engine out of the offline commands
        from ghlsync.engine.record_keys import resolve_in_location

        resolved = resolve_in_location(doc, self.environment, self.location, client)
        return resolved._replace(desired=target_only(resolved.desired, self.targets))

    def document(self, environ: Mapping[str, str] = os.environ) -> ConfigDocument:
        """The loaded file, not yet resolved (natural keys need the location). The file
        models load here, not when the command line is parsed (``--version`` needs none)."""
        from ghlsync.kinds.file import load_document

        return load_document(self.config, environ)

    def with_environment(self, environment: str | None) -> Selection:
        return replace(self, environment=environment)

    def with_targets(self, targets: tuple[str, ...]) -> Selection:
        return replace(self, targets=targets)
