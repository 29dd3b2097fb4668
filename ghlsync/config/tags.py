"""The ``tags:`` section: tag names, their checks and the declared tags with sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import Field, StringConstraints

from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.values.slots import Declared
from ghlsync.values.source import Source

__all__ = ["TAG_NAME_PATTERN", "TagName", "desired_tags", "tag_problems"]

TAG_NAME_PATTERN = r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"
"""No control characters, no spaces at either end."""

TagName = Annotated[
    str,
    StringConstraints(max_length=200, pattern=TAG_NAME_PATTERN),
    Field(description="A tag name, e.g. `vip`."),
]


def tag_problems(tags: Sequence[str] | None, file: str, lines: LineTable) -> list[ConfigProblem]:
    """A tag listed twice."""
    first: dict[str, int] = {}
    problems = []
    for index, name in enumerate(tags or ()):
        line = lines.line(("tags", index))
        if name in first:
            message = f"tags[{index}]: tag {name!r} is listed twice: first at line {first[name]}"
            problems.append(ConfigProblem(file, line, message))
        first.setdefault(name, line)
    return problems


def desired_tags(
    tags: Sequence[str] | None, prune: bool, file: str, lines: LineTable
) -> Declared[Source] | None:
    """The declared tags (name -> where), None when the file manages none."""
    if tags is None and not prune:
        return None
    found: dict[str, Source] = {}
    for index, name in enumerate(tags or ()):
        found.setdefault(name, Source(file, lines.line(("tags", index))))
    return Declared(found, prune)
