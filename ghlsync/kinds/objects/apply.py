"""The object, folder and field steps of an apply, as the engine runs them
(the writing itself is :class:`ghlsync.objects.apply.SchemaSteps`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set

from ghlsync.kinds.protocol import Step
from ghlsync.objects.apply import SchemaSteps
from ghlsync.plan import AnyChange, Phase, SchemaChange

__all__ = ["OBJECT_PHASES", "SchemaApplier"]

OBJECT_PHASES = (
    Phase.CREATE_OBJECTS,
    Phase.CREATE_FOLDERS,
    Phase.CREATE_FIELDS,
    Phase.UPDATE_FIELDS,
    Phase.UPDATE_OBJECTS,
    Phase.DELETE_FIELDS,
)


class SchemaApplier:
    """``matched`` tells, after the apply, which fields were adopted other than by key."""

    def __init__(
        self, steps: SchemaSteps, matched: Callable[[], list[str]] = lambda: []
    ) -> None:
        self.schema = steps
        self.matched = matched

    def steps(self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]) -> list[Step]:
        schema = [c for c in changes if isinstance(c, SchemaChange)]
        return [
            Step(change, reason, call, self.schema.is_follow_up(change, phase))
            for change, reason, call in self.schema.steps(schema, phase, failed)
        ]

    def notes(self) -> list[str]:
        return self.matched()
