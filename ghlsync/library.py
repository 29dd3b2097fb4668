"""ghlsync as a Python library (README, "Python library"): load a file, plan, apply.

    project = ghlsync.load("ghlsync.yaml")
    plan = project.plan(env="staging")
    report = project.apply(plan)

Everything goes through the engine (:mod:`ghlsync.engine`), like the command line. Nothing
here prints, reads standard input or exits: every problem is a
:class:`~ghlsync.errors.GhlsyncError`. A token handed in stays in memory, in no output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ghlsync.errors import GhlsyncError

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.config import ConfigDocument, Resolved
    from ghlsync.engine.executor import ApplyReport
    from ghlsync.fleet import Member, MemberOutcome
    from ghlsync.values.plan import Plan as PlanValue

__all__ = ["Plan", "Project", "Report", "load"]

_GIVEN_TOKEN = "GHLSYNC_LIBRARY_TOKEN"
"""The name a token handed to :meth:`Project.plan` is looked up under (in memory only)."""


def load(path: str | os.PathLike[str], environ: Mapping[str, str] | None = None) -> Project:
    """Load and check a configuration file; ConfigError (``.problems``) lists all that is wrong.

    ``environ`` gives the ``${VAR}`` values (default: the process environment).
    """
    from ghlsync.errors import ConfigError
    from ghlsync.kinds.file import load_document

    values = os.environ if environ is None else environ
    try:
        return Project(load_document(Path(path), values), values)
    except ConfigError as strict:
        fleet_only = _fleet_only_problems(strict)
        if not fleet_only:
            raise
        document = load_document(Path(path), values, fleet=True)  # raises the rest, if any
        if document.fleet is None:
            raise
        return Project(document, values, fleet_only=strict)


def _fleet_only_problems(error: GhlsyncError) -> bool:
    """Whether every problem is a variable that is not set (fleet members may give them)."""
    problems = getattr(error, "problems", [])
    return bool(problems) and all(str(p).endswith(" is not set") for p in problems)


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a plan was made: enough to connect to the same location again."""

    environment: str | None
    location: str | None
    targets: tuple[str, ...]
    sandbox: Path | None
    base_url: str | None
    token: str | None = field(default=None, repr=False)
    member: Member | None = None
    """The fleet member the plan is for (its vars and excluded keys)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan for one location, and where it was made (so ``Project.apply`` needs nothing
    more). ``to_dict()`` is the JSON plan document (``plan --format json``)."""

    value: PlanValue
    origin: _Origin = field(repr=False)

    @property
    def location_id(self) -> str:
        return self.value.location_id

    @property
    def environment(self) -> str | None:
        return self.value.environment

    @property
    def summary(self) -> dict[str, int]:
        """``{"add": 2, "change": 0, "destroy": 1}``"""
        summary = self.value.summary
        return {"add": summary.add, "change": summary.change, "destroy": summary.destroy}

    @property
    def has_changes(self) -> bool:
        return self.value.has_changes

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.value.warnings

    def to_dict(self) -> dict[str, Any]:
        from ghlsync.render.json import plan_to_dict

        return plan_to_dict(self.value)


@dataclass(frozen=True, slots=True)
class Report:
    """What an apply did. ``ok``: every operation was done and the location now matches the
    file. ``remaining`` is the plan made after applying (None when the apply did not finish).
    ``to_dict()`` is the document ``apply --report FILE`` writes."""

    location_id: str
    outcome: ApplyReport
    remaining: PlanValue | None = None

    @property
    def notes(self) -> list[str]:
        """What the apply adds beside the outcomes (a field adopted by its name)."""
        return list(self.outcome.notes)

    @property
    def ok(self) -> bool:
        matches = self.remaining is not None and not self.remaining.has_changes
        return self.outcome.complete and matches

    def to_dict(self) -> dict[str, Any]:
        from ghlsync.render.report import report_document

        return report_document(self.outcome, self.location_id)


class Project:
    """A loaded configuration file: plan it against a location, apply a plan."""

    def __init__(
        self,
        document: ConfigDocument,
        environ: Mapping[str, str],
        fleet_only: GhlsyncError | None = None,
    ) -> None:
        self.document = document
        self._environ = environ
        self._fleet_only = fleet_only
        """Why the file cannot be planned for one location: variables only members give."""

    @property
    def path(self) -> Path:
        return self.document.path

    def plan(
        self,
        *,
        env: str | None = None,
        location: str | None = None,
        token: str | None = None,
        sandbox: str | os.PathLike[str] | None = None,
        base_url: str | None = None,
        targets: Iterable[str] = (),
    ) -> Plan:
        """Read the location and diff it against the file.

        The token is ``token`` when given, else the environment's ``token_env`` (or
        ``GHL_TOKEN``); ``sandbox`` plans against a sandbox state file instead of GHL.
        """
        if self._fleet_only is not None:
            raise GhlsyncError(
                f"{self.path} uses variables that are not set, which only its fleet members' "
                f"vars give: use plan_fleet(), or set them ({self._fleet_only})"
            )
        origin = _Origin(
            env,
            location,
            tuple(targets),
            Path(sandbox) if sandbox is not None else None,
            base_url,
            token,
        )
        from ghlsync import engine

        with self._connected(origin) as client:
            resolved = self._resolved(origin, client)
            value, _ = engine.plan(client, resolved.desired)
        return Plan(value, origin)

    def apply(self, plan: Plan, allow_destroy: bool = False) -> Report:
        """Apply exactly ``plan`` if planning again gives it, else StalePlanError; a change
        that needs ``allow_destroy`` raises SafetyError. Nothing is written in either case."""
        from ghlsync import engine
        from ghlsync.engine.agency import refuse_without
        from ghlsync.engine.freshness import check_same_plan
        from ghlsync.engine.record_keys import check_same_resolution

        with self._connected(plan.origin) as client:
            desired = self._resolved(plan.origin, client).desired
            check_same_resolution(plan.value.resolved, desired.resolved)
            fresh, live = engine.plan(client, desired)
            check_same_plan(plan.value, fresh)
            engine.gate([fresh], allow_destroy)
            refuse_without(fresh, client.has_agency_token)
            outcome = engine.apply(client, fresh, live)
            applied = (fresh, live)
            remaining = engine.verify(client, desired, applied) if outcome.complete else None
        return Report(fresh.location_id, outcome, remaining)

    def plan_fleet(
        self,
        *,
        only: Iterable[str] = (),
        shard: tuple[int, int] | None = None,
        sandbox: str | os.PathLike[str] | None = None,
        base_url: str | None = None,
    ) -> dict[str, Plan]:
        """One plan per fleet member (name -> Plan), members planned concurrently.

        ``only`` names members or groups; ``shard`` is (I, N). A member that cannot be
        planned raises GhlsyncError naming every such member. Each plan keeps its member's
        token in memory, so ``apply(plan)`` needs nothing more.
        """
        from ghlsync.connection import ConnectionOptions
        from ghlsync.fleet import FleetConnection, FleetRun, declared_members, plan_fleet, select
        from ghlsync.fleet.members import all_members

        document = self._fleet_document()
        fleet = document.fleet
        assert fleet is not None
        box = Path(sandbox) if sandbox is not None else None
        options = ConnectionOptions(base_url=base_url, sandbox=box)
        with FleetConnection(options, fleet, self._environ) as connection:
            listed = declared_members(fleet) or all_members(connection.sub_accounts())
            members = select(listed, fleet.groups, tuple(only), shard)
            result = plan_fleet(FleetRun(document, members, connection, self._environ))
        _raise_failures(result.failed)
        return {
            outcome.member.name: Plan(outcome.plan, _Origin(
                None, outcome.member.location, (), box, base_url, member=outcome.member
            ))
            for outcome in result.outcomes
            if outcome.plan is not None
        }

    def _fleet_document(self) -> ConfigDocument:
        from ghlsync.kinds.file import load_document

        document = load_document(self.path, self._environ, fleet=True)
        if document.fleet is None:
            raise GhlsyncError(f"{self.path} declares no fleet (add a 'fleet:' section)")
        return document

    @contextmanager
    def _connected(self, origin: _Origin) -> Iterator[GhlClient]:
        from ghlsync.config.resolve import checked_location
        from ghlsync.connection import ConnectionOptions, connect

        if origin.member is not None:
            with self._member_connected(origin, origin.member) as client:
                yield client
            return
        access = checked_location(self.document, origin.environment, origin.location)
        options = ConnectionOptions(base_url=origin.base_url, sandbox=origin.sandbox)
        environ, token_env = self._environ, access.token_env
        if origin.token is not None:
            environ, token_env = {**environ, _GIVEN_TOKEN: origin.token}, _GIVEN_TOKEN
        with connect(options, access.location_id, token_env, environ) as client:
            yield client

    @contextmanager
    def _member_connected(self, origin: _Origin, member: Member) -> Iterator[GhlClient]:
        """A fleet member's client: its own token, or one minted afresh."""
        from ghlsync.connection import ConnectionOptions
        from ghlsync.fleet import FleetConnection

        fleet = self._fleet_document().fleet
        assert fleet is not None
        options = ConnectionOptions(base_url=origin.base_url, sandbox=origin.sandbox)
        with FleetConnection(options, fleet, self._environ) as connection:
            yield connection.client(member, read_only=False)

    def _resolved(self, origin: _Origin, client: GhlClient) -> Resolved:
        from ghlsync.engine import target_only
        from ghlsync.engine.record_keys import resolve_in_location

        document = self.document
        if origin.member is not None:
            from ghlsync.fleet.documents import member_document

            document = member_document(self._fleet_document(), origin.member, self._environ)
        resolved = resolve_in_location(document, origin.environment, origin.location, client)
        return resolved._replace(desired=target_only(resolved.desired, origin.targets))


def _raise_failures(failed: list[MemberOutcome]) -> None:
    if failed:
        lines = [f"{o.member.name} ({o.member.location}): {o.error}" for o in failed]
        raise GhlsyncError("fleet members could not be planned:\n" + "\n".join(lines))
