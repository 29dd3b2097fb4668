"""Record and association references that are probably typos, and labels GHL refuses.

A relation end that is not an alias is a raw id, and a ``relations`` key that is not declared
must exist in the location: both are legitimate, so a typo in either would silently name
another record or association. A raw id or an undeclared key within two edits of a known
name is therefore refused with "did you mean" (README, "Relations").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ghlsync.config.models import ConfigModel, relation_pair
from ghlsync.config.natural_keys import SYSTEM_ASSOCIATION_OBJECTS
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem

__all__ = ["MAX_TYPO_EDITS", "edit_distance", "nearest", "reference_problems"]

MAX_TYPO_EDITS = 2
"""A name this many edits or fewer from a known one is taken for a typo of it."""


def edit_distance(a: str, b: str, limit: int = MAX_TYPO_EDITS) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is surely above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def nearest(name: str, known: Iterable[str]) -> str | None:
    """The known name within two edits of ``name`` (the closest, then the first sorted)."""
    scored = sorted((edit_distance(name, candidate), candidate) for candidate in known)
    close = [candidate for distance, candidate in scored if 0 < distance <= MAX_TYPO_EDITS]
    return close[0] if close else None


def reference_problems(model: ConfigModel, file: str, lines: LineTable) -> list[ConfigProblem]:
    """Near-miss record ids and association keys, and associations with equal labels."""
    return [
        *_near_miss_records(model, file, lines),
        *_near_miss_keys(model, file, lines),
        *_equal_labels(model, file, lines),
    ]


def _near_miss_records(model: ConfigModel, file: str, lines: LineTable) -> Iterator[ConfigProblem]:
    aliases = list(model.records)
    for key, items in model.relations.items():
        for index, item in enumerate(items):
            for name in relation_pair(item):
                alias = None if name in model.records else nearest(name, aliases)
                if alias is not None:
                    yield ConfigProblem(
                        file,
                        lines.line(("relations", key, index)),
                        f"relations.{key}[{index}]: `{name}` is not an alias; "
                        f"did you mean `{alias}`?",
                    )


def _near_miss_keys(model: ConfigModel, file: str, lines: LineTable) -> Iterator[ConfigProblem]:
    known = [*(a.key for a in model.associations), *SYSTEM_ASSOCIATION_OBJECTS]
    for key in model.relations:
        match = None if key in known else nearest(key, known)
        if match is not None:
            yield ConfigProblem(
                file,
                lines.line(("relations", key)),
                f"relations: `{key}` is neither declared nor a standard association; "
                f"did you mean `{match}`?",
            )


def _equal_labels(model: ConfigModel, file: str, lines: LineTable) -> Iterator[ConfigProblem]:
    for index, association in enumerate(model.associations):
        if association.first.label == association.second.label:
            yield ConfigProblem(
                file,
                lines.line(("associations", index)),
                f"associations[{index}]: '{association.key}' has the same label "
                f"'{association.first.label}' on both sides; GHL refuses that (give each "
                "side its own label)",
            )
