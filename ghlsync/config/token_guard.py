"""Refuse a ``token`` key anywhere in the file: tokens come only from the environment."""

from __future__ import annotations

from typing import Any

from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

__all__ = ["TOKEN_MESSAGE", "strip_tokens"]

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
