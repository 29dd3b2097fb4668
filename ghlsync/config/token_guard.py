"""Keep tokens out of the configuration: a ``token`` key anywhere in the file is refused, and
``${VAR}`` interpolation asks :func:`token_variable_names` and :func:`holds_a_token` which
variables and values it must not substitute (see ``config/interpolation.py``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

__all__ = [
    "DEFAULT_TOKEN_VARIABLE",
    "TOKEN_MESSAGE",
    "holds_a_token",
    "strip_tokens",
    "token_variable_names",
]

DEFAULT_TOKEN_VARIABLE = "GHL_TOKEN"
_TOKEN_KEYS = ("token_env", "read_token_env")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# A value sharing this many characters with a token carries a recognisable piece of it (the
# same length plumbing/redaction.py scrubs from every output).
_SHARED_PIECE = 8

TOKEN_MESSAGE = (
    "tokens are never read from the file: set GHL_TOKEN or name a variable with token_env"
)


def _is_token_key(key: str) -> bool:
    return key.strip().lower() == "token"


def _walk(value: Any, path: DocPath, found: list[DocPath]) -> Any:
    if isinstance(value, dict):
        found.extend((*path, key) for key in value if _is_token_key(key))
        return {
            key: _walk(item, (*path, key), found)
            for key, item in value.items()
            if not _is_token_key(key)
        }
    if isinstance(value, list):
        return [_walk(item, (*path, index), found) for index, item in enumerate(value)]
    return value


def strip_tokens(data: Any, file: str, lines: LineTable) -> tuple[Any, list[ConfigProblem]]:
    """Return ``data`` without any ``token`` key, and one problem per key removed.

    The value is dropped unread so that it can never reach a message.
    """
    found: list[DocPath] = []
    cleaned = _walk(data, (), found)
    problems = [
        ConfigProblem(file, lines.line(path), f"{format_path(path)}: {TOKEN_MESSAGE}")
        for path in found
    ]
    return cleaned, problems


def token_variable_names(data: Any, environ: Mapping[str, str]) -> frozenset[str]:
    """GHL_TOKEN and every ``token_env``/``read_token_env`` the raw document names, both as
    written and with any ``${VAR}`` in the name replaced (``token_env: "${WHICH}"`` names
    the variable WHICH holds)."""
    named = {holder.get(key) for holder in _token_holders(data) for key in _TOKEN_KEYS}
    written = {name for name in named if isinstance(name, str)}
    expanded = {_REFERENCE.sub(lambda m: environ.get(m.group(1), ""), n) for n in written}
    return frozenset({DEFAULT_TOKEN_VARIABLE, *written, *expanded})


def _token_holders(data: Any) -> list[dict[str, Any]]:
    """The mappings that may name token variables: environments, the fleet, its members."""
    if not isinstance(data, dict):
        return []
    holders = list(_mappings_in(data.get("environments")))
    fleet = data.get("fleet")
    if isinstance(fleet, dict):
        holders.append({"token_env": fleet.get("agency_token_env")})
        holders.extend(_mappings_in(fleet.get("members")))
    return holders


def _mappings_in(section: Any) -> list[dict[str, Any]]:
    if not isinstance(section, dict):
        return []
    return [item for item in section.values() if isinstance(item, dict)]


def holds_a_token(value: str, tokens: frozenset[str]) -> bool:
    """Whether ``value`` contains a token, whatever its length, or 8+ characters of one."""
    return any(token in value or _shares_a_piece(value, token) for token in tokens)


def _shares_a_piece(value: str, token: str) -> bool:
    pieces = range(len(token) - _SHARED_PIECE + 1)
    return any(token[start : start + _SHARED_PIECE] in value for start in pieces)
