"""``${VAR}`` substitution in string values (never in keys, never changing a type).

``$${`` writes a literal ``${``. A variable that is not set is a problem at its line, and so
is a variable that holds a token (``GHL_TOKEN``, any ``token_env`` or ``read_token_env``, with
``${VAR}`` in those names resolved), and so is any variable whose value contains a token (see
``config/token_guard.py``): its value would reach plans, URLs and pull-request comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ghlsync.config.token_guard import DEFAULT_TOKEN_VARIABLE, holds_a_token, token_variable_names
from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

__all__ = ["DEFAULT_TOKEN_VARIABLE", "PlaceholderEnviron", "interpolate", "token_variables"]

_REFERENCE = re.compile(r"\$\$\{|\$\{(?:([A-Za-z_][A-Za-z0-9_]*)\})?")
_TOKEN_REFUSED = (
    "tokens are never written into the configuration "
    "(they would reach plans, URLs and pull-request comments)"
)


def token_variables(data: Any, environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """GHL_TOKEN and every ``token_env``/``read_token_env`` the raw document names."""
    return token_variable_names(data, _actual(environ or {}))


class _Substituter:
    def __init__(
        self, environ: Mapping[str, str], file: str, lines: LineTable, secrets: frozenset[str]
    ) -> None:
        self._environ = environ
        self._file = file
        self._lines = lines
        self._secrets = secrets
        self._secret_values = _token_values(environ, secrets)
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
        if name in self._secrets:
            self._report(path, f"${{{name}}} holds an API token: {_TOKEN_REFUSED}")
            return text
        if name not in self._environ:
            self._report(path, f"environment variable {name} is not set")
            return text
        return self._checked_value(name, text, path)

    def _checked_value(self, name: str, text: str, path: DocPath) -> str:
        value = self._environ[name]
        if holds_a_token(value, self._secret_values):
            self._report(path, f"${{{name}}} contains the value of a token variable: "
                         f"{_TOKEN_REFUSED}")
            return text
        return value

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

    @property
    def actual(self) -> Mapping[str, str]:
        """The environment without placeholders."""
        return self._environ

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


def _actual(environ: Mapping[str, str]) -> Mapping[str, str]:
    """The environment without placeholders or stand-ins (``PlaceholderEnviron``, a fleet's
    ``StandIns``)."""
    actual: Mapping[str, str] = getattr(environ, "actual", environ)
    return actual


def _token_values(environ: Mapping[str, str], names: frozenset[str]) -> frozenset[str]:
    actual = _actual(environ)
    return frozenset(value for name in names if (value := actual.get(name)))


def interpolate(
    data: Any, file: str, lines: LineTable, environ: Mapping[str, str]
) -> tuple[Any, list[ConfigProblem]]:
    """Return a copy of ``data`` with ``${VAR}`` replaced, and the problems found.

    Variables that hold a token (see :func:`token_variables`) are refused, not replaced.
    """
    substituter = _Substituter(environ, file, lines, token_variables(data, environ))
    return substituter.walk(data, ()), substituter.problems
