"""``${VAR}`` substitution in string values (never in keys, never changing a type).

``$${`` writes a literal ``${``. A variable that is not set is a problem at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

__all__ = ["PlaceholderEnviron", "interpolate"]

_REFERENCE = re.compile(r"\$\$\{|\$\{(?:([A-Za-z_][A-Za-z0-9_]*)\})?")


class _Substituter:
    def __init__(self, environ: Mapping[str, str], file: str, lines: LineTable) -> None:
        self._environ = environ
        self._file = file
        self._lines = lines
        self.problems: list[ConfigProblem] = []

    def walk(self, value: Any, path: DocPath) -> Any:
        if isinstance(value, dict):
            return {key: self.walk(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.walk(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, str) and "${" in value:
            return _REFERENCE.sub(lambda match: self._replacement(match, path), value)
        return value

    def _replacement(self, match: re.Match[str], path: DocPath) -> str:
        text, name = match.group(0), match.group(1)
        if text == "$${":
            return "${"
        if name is None:
            self._report(path, "malformed variable reference: write ${NAME} "
                         "(letters, digits, underscore) or $${ for a literal ${")
            return text
        if name not in self._environ:
            self._report(path, f"environment variable {name} is not set")
            return text
        return self._environ[name]

    def _report(self, path: DocPath, message: str) -> None:
        line = self._lines.line(path)
        self.problems.append(ConfigProblem(self._file, line, f"{format_path(path)}: {message}"))


class PlaceholderEnviron(Mapping[str, str]):
    """The process environment, with a placeholder for every variable that is not set.

    ``validate`` checks a file offline, where deployment variables are usually absent;
    ``missing`` lists the variables that were stood in for.
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        self.missing: set[str] = set()

    def __getitem__(self, name: str) -> str:
        if name in self._environ:
            return self._environ[name]
        self.missing.add(name)
        return f"unset-{name}"

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __iter__(self) -> Iterator[str]:
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)


def interpolate(
    data: Any, file: str, lines: LineTable, environ: Mapping[str, str]
) -> tuple[Any, list[ConfigProblem]]:
    """Return a copy of ``data`` with ``${VAR}`` replaced, and the problems found."""
    substituter = _Substituter(environ, file, lines)
    return substituter.walk(data, ()), substituter.problems
