"""The ``tags:`` section of the file: tag names, their checks, the declared tags with their
sources and its ``prune.tags`` flag (docs/design.md, "The file")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, ClassVar

from pydantic import Field, StringConstraints

from ghlsync.config.sections import FileSection
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.values.slots import Declared
from ghlsync.values.source import Source

__all__ = ["SECTION", "TAG_NAME_PATTERN", "TagName", "TagsSection"]

TAG_NAME_PATTERN = r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"
"""No control characters, no spaces at either end."""

TagName = Annotated[
    str,
    StringConstraints(max_length=200, pattern=TAG_NAME_PATTERN),
    Field(description="A tag name, e.g. `vip`."),
]


class TagsSection(FileSection[Sequence[str], Declared[Source]]):
    name = "tags"
    annotation = list[TagName] | None
    description = "Tags the location must have (created when missing)."
    prune_description = "Delete tags not declared (needs --allow-destroy)."
    pattern_hints: ClassVar[Mapping[str, str]] = {
        TAG_NAME_PATTERN: "is not a tag name: no control characters, no spaces at either end",
    }

    def problems(
        self, value: Sequence[str] | None, file: str, lines: LineTable
    ) -> list[ConfigProblem]:
        """A tag listed twice."""
        first: dict[str, int] = {}
        problems = []
        for index, name in enumerate(value or ()):
            line = lines.line(("tags", index))
            if name in first:
                message = f"tag {name!r} is listed twice: first at line {first[name]}"
                problems.append(ConfigProblem(file, line, f"tags[{index}]: {message}"))
            first.setdefault(name, line)
        return problems

    def declared(
        self, value: Sequence[str] | None, prune: bool, file: str, lines: LineTable
    ) -> Declared[Source] | None:
        """The declared tags (name -> where), None when the file manages none."""
        if value is None and not prune:
            return None
        found: dict[str, Source] = {}
        for index, name in enumerate(value or ()):
            found.setdefault(name, Source(file, lines.line(("tags", index))))
        return Declared(found, prune)

    def keys(self, value: Sequence[str] | None) -> Iterable[str]:
        return value or ()

    def without(
        self, value: Sequence[str] | None, excluded: frozenset[str]
    ) -> Sequence[str] | None:
        return None if value is None else [name for name in value if name not in excluded]

    def digest(self, declared: Declared[Source]) -> dict[str, Any]:
        return {"tags": sorted(declared.items)}

    def prunes(self, declared: Declared[Source]) -> bool:
        return declared.prune


SECTION = TagsSection()
