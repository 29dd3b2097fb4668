"""Records as the file names them (by id; by a natural key: ``values/natural_key.py``), and a
declared relation between two. ``ghlsync validate`` checks the file with these alone; the rest
of the desired state (``ghlsync.values.state``, which offers these too) is built only to
plan."""

from __future__ import annotations

from dataclasses import dataclass

from ghlsync.values.source import Source

__all__ = ["DesiredRelation", "RecordRef", "RelationKey"]

RelationKey = tuple[str, str, str]
"""Identity of a relation: (association key, first record id, second record id)."""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A record id as resolved for the location, and the alias it was written as (if any).

    ``natural_key`` is the value that named the record (an email, a name) when the alias is
    a natural key.
    """

    id: str
    alias: str | None = None
    natural_key: str | None = None

    def display(self) -> str:
        return f"{self.alias}({self.id})" if self.alias else self.id


@dataclass(frozen=True, slots=True)
class DesiredRelation:
    association_key: str
    first: RecordRef
    second: RecordRef
    source: Source

    @property
    def identity(self) -> RelationKey:
        return (self.association_key, self.first.id, self.second.id)
