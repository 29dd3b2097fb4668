"""Records named by a natural key (``jane: {object: contact, email: ...}``) in a loaded file.

The file-level checks that need no location: a natural-key record used on a relation side
must be of that side's object. Resolving the keys to ids needs the location: see
``ghlsync.values.resolution``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol

from ghlsync.config.models import ConfigModel, NaturalKeyModel, relation_pair
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.values.source import Source

if TYPE_CHECKING:
    from ghlsync.values.natural_key import NaturalKey
    from ghlsync.values.resolution import KeyRequest


class LoadedFile(Protocol):
    """What :func:`used_keys` reads of a loaded file (a ``ConfigDocument``)."""

    @property
    def file(self) -> str: ...

    @property
    def model(self) -> ConfigModel: ...

    @property
    def lines(self) -> LineTable: ...

__all__ = [
    "SYSTEM_ASSOCIATION_OBJECTS",
    "natural_key",
    "natural_key_problems",
    "used_keys",
    "wrong_sides",
]

SYSTEM_ASSOCIATION_OBJECTS = {
    "BUSINESSES_CONTACTS_ASSOCIATION": ("business", "contact"),
    "OPPORTUNITIES_CONTACTS_ASSOCIATION": ("opportunity", "contact"),
}
"""The objects of the standard SYSTEM_DEFINED associations, which a file may use undeclared."""

_SIDES = ("first", "second")


def natural_key(entry: NaturalKeyModel) -> NaturalKey:
    from ghlsync.values.natural_key import NaturalKey  # only a file with natural keys loads it

    name, value = entry.key_property
    return NaturalKey(entry.object, name, value)


def _side_objects(model: ConfigModel) -> dict[str, tuple[str, str]]:
    declared = {a.key: (a.first.object, a.second.object) for a in model.associations}
    return {**SYSTEM_ASSOCIATION_OBJECTS, **declared}


def wrong_sides(
    names: Iterable[str], wanted: Iterable[str], objects: Mapping[str, str]
) -> Iterator[tuple[str, str, str, str]]:
    """(side, record, its object, the side's object) for each named record whose object is
    known (``objects``: record name -> object) and is not its side's."""
    for side, name, expected in zip(_SIDES, names, wanted, strict=True):
        found = objects.get(name)
        if found is not None and found != expected:
            yield side, name, found, expected


def natural_key_problems(model: ConfigModel, file: str, lines: LineTable) -> list[ConfigProblem]:
    """Relations naming a natural-key record of another object than the association's side."""
    sides = _side_objects(model)
    objects = {
        name: entry.object
        for name, entry in model.records.items()
        if isinstance(entry, NaturalKeyModel)
    }
    problems = []
    for key, items in model.relations.items():
        if key not in sides:
            continue  # an association only the location knows: checked when planning
        for index, item in enumerate(items):
            for side, name, found, wanted in wrong_sides(relation_pair(item), sides[key], objects):
                message = (
                    f"relations.{key}[{index}]: record '{name}' is a {found}, but the "
                    f"{side} object of association '{key}' is {wanted}"
                )
                problems.append(ConfigProblem(file, lines.line(("relations", key, index)), message))
    return problems


def _used_names(model: ConfigModel) -> Iterator[str]:
    for items in model.relations.values():
        for item in items:
            yield from relation_pair(item)
    yield from model.managed_records


def used_keys(doc: LoadedFile) -> list[KeyRequest]:
    """The natural-key aliases the file uses (relations, managed_records), in file order."""
    from ghlsync.values.resolution import KeyRequest  # for resolving: validate does not load it

    requests: dict[str, KeyRequest] = {}
    for name in _used_names(doc.model):
        entry = doc.model.records.get(name)
        if isinstance(entry, NaturalKeyModel) and name not in requests:
            source = Source(doc.file, doc.lines.line(("records", name)))
            requests[name] = KeyRequest(name, natural_key(entry), source)
    return list(requests.values())
