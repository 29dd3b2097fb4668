"""The object, folder and field steps of an apply, as the engine runs them
(the writing itself is :class:`ghlsync.kinds.objects.steps.ObjectsSteps`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set

from ghlsync.kinds.objects.steps import ObjectsSteps
from ghlsync.kinds.protocol import Step
from ghlsync.values.plan import AnyChange, ObjectsChange, Phase

__all__ = ["OBJECT_PHASES", "ObjectsApplier"]

OBJECT_PHASES = (
    Phase.CREATE_OBJECTS,
    Phase.CREATE_FOLDERS,
    Phase.CREATE_FIELDS,
    Phase.UPDATE_FIELDS,
    Phase.UPDATE_OBJECTS,
    Phase.DELETE_FIELDS,
)


class ObjectsApplier:
    """``matched`` tells, after the apply, which fields were adopted other than by key."""

    def __init__(
        self, steps: ObjectsSteps, matched: Callable[[], list[str]] = lambda: []
    ) -> None:
        self.steps_of = steps
        self.matched = matched

    def steps(self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]) -> list[Step]:
        schema = [c for c in changes if isinstance(c, ObjectsChange)]
        return [
            Step(change, reason, call, self.steps_of.is_follow_up(change, phase))
            for change, reason, call in self.steps_of.steps(schema, phase, failed)
        ]

    def notes(self) -> list[str]:
        return self.matched()
