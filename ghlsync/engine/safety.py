"""Safety gates (docs/design.md, "Safety gates"): the gate and the warnings that name it.

Each kind's diff gives the reasons a plan needs ``apply --allow-destroy``; ``plan`` only warns,
``apply`` calls :func:`gate` before changing anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghlsync.errors import SafetyError
from ghlsync.values.plan import Plan

__all__ = ["gate", "warnings_for"]

_ALLOW_DESTROY = "--allow-destroy"


def warnings_for(reasons: Iterable[str]) -> tuple[str, ...]:
    """Plan warnings naming the flag ``apply`` will need, one per reason."""
    return tuple(f"apply will need {_ALLOW_DESTROY}: {reason}" for reason in reasons)


def gate(plan: Plan, allow_destroy: bool) -> None:
    """Raise SafetyError unless the plan is safe or ``--allow-destroy`` was given."""
    if plan.needs_allow_destroy and not allow_destroy:
        listed = "\n".join(f"  - {reason}" for reason in plan.needs_allow_destroy)
        raise SafetyError(f"refusing to apply without {_ALLOW_DESTROY}:\n{listed}")
