"""The pipeline steps the commands are made of: load -> read live -> plan -> check -> apply.

Each step takes what it needs (a client is handed in) and returns plain values; printing
and exit codes belong to ``ghlsync.cli``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ghlsync.apply import ApplyReport, LiveWriter, Outcome, apply_plan, unmet_changes
from ghlsync.config import Resolved, load_document, resolve
from ghlsync.errors import PlanFileError
from ghlsync.model import DesiredState, LiveState
from ghlsync.plan import Change, Plan
from ghlsync.planner import build_plan, live_digest
from ghlsync.refresh import LiveReader, read_live_state
from ghlsync.scope import read_scope

__all__ = [
    "apply_changes",
    "check_saved_plan",
    "load_target",
    "plan_against",
    "read_for_plan",
    "saved_plan_token_env",
    "verify_config",
    "verify_saved_plan",
]


def load_target(
    config: Path,
    environment: str | None,
    location: str | None,
    environ: Mapping[str, str] = os.environ,
) -> Resolved:
    """Load and resolve the file: every file problem is raised before any request."""
    return resolve(load_document(config, environ), environment, location)


def read_for_plan(client: LiveReader, desired: DesiredState, parallelism: int) -> LiveState:
    return read_live_state(client, desired.location_id, read_scope(desired), parallelism)


def plan_against(
    client: LiveReader, desired: DesiredState, parallelism: int
) -> tuple[Plan, LiveState]:
    live = read_for_plan(client, desired, parallelism)
    return build_plan(desired, live), live


def apply_changes(
    plan: Plan,
    client: LiveWriter,
    live: LiveState,
    parallelism: int,
    on_outcome: Callable[[Outcome], None] = lambda _: None,
) -> ApplyReport:
    ids = {key: association.id for key, association in live.associations.items()}
    return apply_plan(plan, client, ids, parallelism, on_outcome)


def verify_config(client: LiveReader, desired: DesiredState, parallelism: int) -> Plan:
    """Re-read the location and plan again: an empty plan means it matches the file."""
    return plan_against(client, desired, parallelism)[0]


def check_saved_plan(
    client: LiveReader, plan: Plan, target_location: str, parallelism: int
) -> LiveState:
    """Re-read the plan's scope; refuse a plan for another location or a stale one."""
    if target_location != plan.location_id:
        raise PlanFileError(
            f"the saved plan is for location {plan.location_id}, not {target_location}: "
            "nothing was changed"
        )
    live = read_live_state(client, plan.location_id, plan.scope, parallelism)
    if live_digest(live) != plan.live_digest:
        raise PlanFileError(
            "saved plan is stale: the location changed since it was planned "
            "(run `ghlsync plan --out` again); nothing was changed"
        )
    return live


def saved_plan_token_env(config: Path, environment: str | None, plan: Plan) -> str | None:
    """The token variable for applying a saved plan: ``--env``'s ``token_env``, else none.

    Without ``--env`` the token is GHL_TOKEN; with it, it must be the plan's environment.
    """
    if environment is None:
        return None
    if plan.environment is not None and environment != plan.environment:
        raise PlanFileError(
            f"the saved plan is for environment '{plan.environment}', not '{environment}': "
            "nothing was changed"
        )
    return resolve(load_document(config), environment, plan.location_id).token_env


def verify_saved_plan(client: LiveReader, plan: Plan, parallelism: int) -> list[Change]:
    """The changes of a saved plan that the location does not show after applying it."""
    live = read_live_state(client, plan.location_id, plan.scope, parallelism)
    return unmet_changes(plan, live)
