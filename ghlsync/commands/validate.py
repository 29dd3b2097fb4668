"""``ghlsync validate``: the file's schema and semantics, offline.

With ``--format json`` stdout is one document, valid or not (the problems listed with their
lines), so a CI job can annotate the file; the exit code is the same as with text.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ghlsync import exitcodes
from ghlsync.config import check_all_environments
from ghlsync.config.interpolation import PlaceholderEnviron
from ghlsync.console import Console
from ghlsync.errors import ConfigError, GhlsyncError
from ghlsync.kinds.file import load_document

__all__ = ["run", "run_each"]


def run(config: Path, console: Console, output_format: str = "text") -> int:
    if output_format == "json":
        return _run_json(config, console)
    counts, warnings = _validate(config)
    for warning in warnings:
        console.warn(warning)
    associations, relations = counts
    console.print(f"{config}: valid ({associations} associations, {relations} relations).")
    return exitcodes.OK


def run_each(files: tuple[Path, ...], console: Console, output_format: str = "text") -> int:
    """Validate every file, whatever the others gave: 1 if any is invalid. With JSON, stdout is
    one array of the single-file documents."""
    if output_format == "json":
        documents = [_json_document(config, console) for config in files]
        _print_json(documents, console)
        return exitcodes.OK if all(d["valid"] for d in documents) else exitcodes.ERROR
    codes = [_run_reporting_errors(config, console) for config in files]
    return max(codes)


def _run_reporting_errors(config: Path, console: Console) -> int:
    try:
        return run(config, console)
    except GhlsyncError as error:  # an invalid or unreadable file: say so, check the next
        console.error(str(error))
        return exitcodes.ERROR


def _validate(config: Path) -> tuple[tuple[int, int], list[str]]:
    """(associations, relations) and the warnings; raises ConfigError listing every problem."""
    environ = PlaceholderEnviron(os.environ)
    document = load_document(config, environ, fleet=True)
    warnings = list(check_all_environments(document))
    warnings += [
        f"{name} is not set here; plan and apply will need it" for name in sorted(environ.missing)
    ]
    model = document.model
    relations = sum(len(items) for items in model.relations.values())
    return (len(model.associations), relations), warnings


def _run_json(config: Path, console: Console) -> int:
    document = _json_document(config, console)
    _print_json(document, console)
    return exitcodes.OK if document["valid"] else exitcodes.ERROR


def _print_json(document: object, console: Console) -> None:
    from ghlsync.render.json import dump_json  # --format json only: text loads no json

    console.print(dump_json(document).rstrip("\n"))


def _json_document(config: Path, console: Console) -> dict[str, Any]:
    """The file's validation document; its errors also go to stderr."""
    try:
        (associations, relations), warnings = _validate(config)
    except ConfigError as error:
        console.error(str(error))
        return _invalid(config, error)
    counts = {"associations": associations, "relations": relations}
    return {"file": str(config), "valid": True, "problems": [], "warnings": warnings, **counts}


def _invalid(config: Path, error: ConfigError) -> dict[str, Any]:
    problems = [{"file": p.file, "line": p.line, "message": p.message} for p in error.problems]
    return {"file": str(config), "valid": False, "problems": problems, "warnings": []}
