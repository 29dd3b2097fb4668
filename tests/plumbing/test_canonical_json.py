"""compact_digest: the sha256 of one canonical text, whichever way each batch of rows is written."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum

import pytest

from ghlsync.plumbing.canonical_json import compact_digest


class Colour(StrEnum):
    RED = "red"


def expected(document: dict[str, list[object]]) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@pytest.mark.parametrize(
    "rows",
    [
        [("r1", "a", "p1", "c1"), ("r2", "a", "p2", "c2")],
        [["r1", "a"], ("r2", "b", "c")],  # lists and tuples, of any width
        [("quote \" inside", "x")],
        [("back\\slash", "x")],
        [("line\nbreak", "tab\t", "nul\x00", "unit\x1f")],
        [("Ré\u2028sidence", "lone \ud800 surrogate", "emoji \U0001f600", "del \x7f")],
        [('"', '"'), ("", "")],  # quotes that balance a missing pair still differ
        [(Colour.RED, "x")],  # a str subclass is written as its text
        [(), ("a",)],
        [("a", 1), ("b", None), ("c", ["d"])],
        [{"k": "v"}, "text", ("a",)],
    ],
)
def test_rows_hash_as_json_dumps_writes_them(rows: list[object]) -> None:
    document: dict[str, list[object]] = {"rows": rows, "other": [("z",)]}
    assert compact_digest(document) == expected(document)


def test_an_escape_in_a_later_batch_is_written_as_json_dumps_writes_it() -> None:
    rows: list[object] = [(f"r{i}", "a") for i in range(10_000)]
    rows[9_000] = ("r9000", 'say "hi"')
    assert compact_digest({"rows": rows}) == expected({"rows": rows})
