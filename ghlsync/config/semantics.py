"""Checks that need the whole validated document but no target environment."""

from __future__ import annotations

from ghlsync.config.fleet import fleet_problems
from ghlsync.config.models import ConfigModel, NaturalKeyModel
from ghlsync.config.natural_keys import natural_key_problems
from ghlsync.config.objects import object_problems
from ghlsync.config.references import reference_problems
from ghlsync.config.sections import FileSchema
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem

__all__ = ["DEFAULT_ENVIRONMENT", "document_problems", "document_warnings"]

DEFAULT_ENVIRONMENT = "default"
"""The records key giving an alias's id when no ``--env`` is chosen."""


def _duplicate_associations(model: ConfigModel, file: str, lines: LineTable) -> list[ConfigProblem]:
    first_line: dict[str, int] = {}
    problems = []
    for index, association in enumerate(model.associations):
        line = lines.line(("associations", index))
        if association.key in first_line:
            message = (
                f"associations[{index}]: duplicate association key '{association.key}': "
                f"first at line {first_line[association.key]}, again at line {line}"
            )
            problems.append(ConfigProblem(file, line, message))
        else:
            first_line[association.key] = line
    return problems


def _unknown_record_environments(
    model: ConfigModel, file: str, lines: LineTable
) -> list[ConfigProblem]:
    known = {*model.environments, DEFAULT_ENVIRONMENT}
    listing = ", ".join(sorted(known))
    return [
        ConfigProblem(
            file,
            lines.line(("records", alias, environment)),
            f"records.{alias}: unknown environment '{environment}' (known: {listing})",
        )
        for alias, ids in model.records.items()
        if not isinstance(ids, NaturalKeyModel)
        for environment in ids
        if environment not in known
    ]


def document_problems(
    model: ConfigModel, file: str, lines: LineTable, schema: FileSchema
) -> list[ConfigProblem]:
    """Problems independent of the chosen environment (``schema``: the kinds' sections)."""
    return [
        *_duplicate_associations(model, file, lines),
        *_unknown_record_environments(model, file, lines),
        *object_problems(model.objects, file, lines),
        *natural_key_problems(model, file, lines),
        *schema.problems(model, file, lines),
        *reference_problems(model, file, lines),
        *fleet_problems(model, file, lines, schema),
    ]


def document_warnings(model: ConfigModel) -> tuple[str, ...]:
    """Relations under associations this file does not declare (they must exist live)."""
    declared = {association.key for association in model.associations}
    return tuple(
        f"relations under '{key}': association not declared here; it must exist in the location"
        for key in model.relations
        if key not in declared
    )
