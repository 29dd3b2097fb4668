"""Read a configuration file: parse, refuse tokens, interpolate, validate, check."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ghlsync.config.bounded import MAX_CONFIG_BYTES, read_bounded
from ghlsync.config.fleet import fleet_of, fleet_variable_names
from ghlsync.config.interpolation import interpolate
from ghlsync.config.models import ConfigModel
from ghlsync.config.sections import FileSchema
from ghlsync.config.semantics import document_problems, document_warnings
from ghlsync.config.token_guard import strip_tokens
from ghlsync.config.validation import validate_model
from ghlsync.config.yaml_loader import LineTable, parse_yaml
from ghlsync.errors import ConfigError, ConfigProblem, UsageError

if TYPE_CHECKING:
    from ghlsync.config.fleet_section import FleetModel

__all__ = ["ConfigDocument", "load_document"]


class ConfigDocument(NamedTuple):
    """A valid configuration file, not yet resolved for a target.

    ``file`` is the path as the user gave it (used in every Source and problem); ``schema``
    the kinds' sections it was read with (they resolve it).
    """

    path: Path
    model: ConfigModel
    lines: LineTable
    schema: FileSchema
    warnings: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return str(self.path)

    @property
    def fleet(self) -> FleetModel | None:
        """The file's ``fleet:`` section, if it has one."""
        return fleet_of(self.model)


class StandIns(Mapping[str, str]):
    """``environ``, where each of ``names`` that is unset reads ``unset-NAME``."""

    def __init__(self, environ: Mapping[str, str], names: frozenset[str]) -> None:
        self._environ = environ
        self._names = names

    @property
    def actual(self) -> Mapping[str, str]:
        """The environment without stand-ins (nor placeholders)."""
        actual: Mapping[str, str] = getattr(self._environ, "actual", self._environ)
        return actual

    def __getitem__(self, name: str) -> str:
        if name in self._names and name not in self.actual:
            return f"unset-{name}"
        return self._environ[name]

    def __contains__(self, name: object) -> bool:
        return name in self._environ or name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)


def _read(path: Path) -> bytes:
    return read_bounded(path, MAX_CONFIG_BYTES, "config file", UsageError)


def _without_echoes(
    model_problems: list[ConfigProblem], variable_problems: list[ConfigProblem]
) -> list[ConfigProblem]:
    """Drop schema problems on a line whose ``${VAR}`` could not be used: they only echo it."""
    variable_lines = {problem.line for problem in variable_problems}
    return [problem for problem in model_problems if problem.line not in variable_lines]


SchemaFor = Callable[[Any], FileSchema]
"""The file's schema for its parsed data: the kinds' sections that data uses."""


def _validated(
    raw: bytes, file: str, environ: Mapping[str, str], schema_for: SchemaFor, fleet: bool = False
) -> tuple[ConfigModel, LineTable, FileSchema]:
    parsed = parse_yaml(raw, file)
    data, token_problems = strip_tokens(parsed.data, file, parsed.lines)
    if fleet:
        environ = StandIns(environ, fleet_variable_names(data))
    data, variable_problems = interpolate(data, file, parsed.lines, environ)
    schema = schema_for(data)
    model, model_problems = validate_model(data, file, parsed.lines, schema)
    model_problems = _without_echoes(model_problems, variable_problems)
    problems = [*parsed.problems, *token_problems, *variable_problems, *model_problems]
    if problems or model is None:
        raise ConfigError(problems)
    return model, parsed.lines, schema


def load_document(
    path: Path,
    schema_for: SchemaFor,
    environ: Mapping[str, str] | None = None,
    *,
    fleet: bool = False,
) -> ConfigDocument:
    """Load and check ``path`` with the kinds' sections ``schema_for`` its data gives; raise
    ConfigError listing every problem found.

    ``environ`` supplies ``${VAR}`` values (default: the process environment). With ``fleet``,
    a variable that fleet members' ``vars`` give may be unset (each member loads the file
    again with its own values).
    A missing file raises UsageError.
    """
    raw = _read(path)
    file = str(path)
    values = os.environ if environ is None else environ
    model, lines, schema = _validated(raw, file, values, schema_for, fleet)
    problems: list[ConfigProblem] = document_problems(model, file, lines, schema)
    if problems:
        raise ConfigError(problems)
    return ConfigDocument(path, model, lines, schema, document_warnings(model))
