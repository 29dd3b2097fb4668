"""The one canonical JSON text ghlsync writes (plans, reports, schemas): sorted keys, ASCII,
two-space indent, a final newline; identical values give identical bytes. And the compact
canonical form a digest hashes, fed to the hash a batch of rows at a time."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import cast

__all__ = ["compact_digest", "dump_json"]

_BATCH = 4096
"""Rows encoded at once: a million rows never become one string."""


def dump_json(data: object) -> str:
    """The canonical text form used for plans and their schema."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def compact_digest(document: Mapping[str, Iterable[object]]) -> str:
    """sha256 of ``json.dumps(document, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` with each value written as a list, computed without that text."""
    digest = hashlib.sha256()
    for text in _compact_chunks(document):
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _compact_chunks(document: Mapping[str, Iterable[object]]) -> Iterator[str]:
    yield "{"
    for index, key in enumerate(sorted(document)):
        yield f"{',' if index else ''}{_compact(key)}:["
        rows = iter(document[key])
        separator = ""
        while batch := list(itertools.islice(rows, _BATCH)):
            yield separator + (_string_rows(batch) or _compact(batch)[1:-1])
            separator = ","
        yield "]"
    yield "}"


def _string_rows(batch: list[object]) -> str | None:
    """The compact text of ``batch`` without its brackets when every row is a non-empty list
    or tuple of strings that need no escape (json.dumps's text, joined directly: several
    times faster); None otherwise."""
    if not set(map(type, batch)) <= _ROW_TYPES or not all(batch):
        return None
    rows = cast(list[Sequence[str]], batch)
    try:
        text = '["' + '"],["'.join(map('","'.join, rows)) + '"]'
    except TypeError:  # a value that is not a string
        return None
    quotes = 2 * sum(map(len, rows))  # escaping adds one per quote, more if a value needs it
    return text if len(_compact(text)) == len(text) + 2 + quotes else None


_ROW_TYPES = {list, tuple}


def _compact(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
