"""``ghlsync validate``: the file's schema and semantics, offline."""

from __future__ import annotations

import os
from pathlib import Path

from ghlsync import exitcodes
from ghlsync.config import check_all_environments, load_document
from ghlsync.config.interpolation import PlaceholderEnviron
from ghlsync.console import Console

__all__ = ["run"]


def run(config: Path, console: Console) -> int:
    environ = PlaceholderEnviron(os.environ)
    document = load_document(config, environ)
    for warning in check_all_environments(document):
        console.warn(warning)
    for name in sorted(environ.missing):
        console.warn(f"{name} is not set here; plan and apply will need it")
    model = document.model
    relations = sum(len(items) for items in model.relations.values())
    console.print(
        f"{config}: valid ({len(model.associations)} associations, {relations} relations)."
    )
    return exitcodes.OK
