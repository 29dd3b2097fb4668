"""Checks of the ``fleet:`` section that need the whole document (README, "Fleets").

Every problem names its line: group members that are no member, a group named like a member,
two members on one location, ``exclude`` keys the file does not declare, and tokens that
cannot be had (a member without ``token_env`` needs the agency token and ``company_id``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ghlsync.config.models import ConfigModel
from ghlsync.config.sections import FileSchema
from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

if TYPE_CHECKING:
    from ghlsync.config.fleet_section import FleetMemberModel, FleetModel

__all__ = ["declared_keys", "fleet_of", "fleet_problems", "fleet_variable_names"]


def fleet_of(model: ConfigModel) -> FleetModel | None:
    """The file's fleet, if it has one: a file's model has a ``fleet`` field only when the file
    has the section (``ghlsync.config.fleet_section``)."""
    fleet: FleetModel | None = getattr(model, "fleet", None)
    return fleet

def declared_keys(model: ConfigModel, schema: FileSchema) -> frozenset[str]:
    """Every key a member may ``exclude``: associations, objects and the keys of the kinds'
    sections."""
    keys = {association.key for association in model.associations}
    keys |= set(model.relations) | set(model.objects)
    return frozenset(keys) | schema.keys(model)


def fleet_variable_names(data: Any) -> frozenset[str]:
    """The names every member's ``vars`` give, read from the raw document."""
    fleet = data.get("fleet") if isinstance(data, dict) else None
    members = fleet.get("members") if isinstance(fleet, dict) else None
    if not isinstance(members, dict):
        return frozenset()
    return frozenset(
        name
        for member in members.values() if isinstance(member, dict)
        for name in (member.get("vars") or {} if isinstance(member.get("vars"), dict) else {})
        if isinstance(name, str)
    )


class _Checker:
    def __init__(self, fleet: FleetModel, file: str, lines: LineTable) -> None:
        self.fleet = fleet
        self.file = file
        self.lines = lines
        self.problems: list[ConfigProblem] = []

    def report(self, path: DocPath, message: str) -> None:
        line = self.lines.line(("fleet", *path))
        self.problems.append(ConfigProblem(self.file, line, f"{format_path(('fleet', *path))}: "
                                           f"{message}"))


def fleet_problems(
    model: ConfigModel, file: str, lines: LineTable, schema: FileSchema
) -> list[ConfigProblem]:
    """Every problem of the ``fleet:`` section (none without one)."""
    fleet = fleet_of(model)
    if fleet is None:
        return []
    checker = _Checker(fleet, file, lines)
    _check_agency(checker)
    if isinstance(fleet.members, dict):
        members = fleet.members
        _check_groups(checker, members)
        _check_locations(checker, members)
        _check_excludes(checker, members, declared_keys(model, schema))
        _check_tokens(checker, members)
    return checker.problems


def _check_agency(checker: _Checker) -> None:
    fleet = checker.fleet
    if fleet.members == "all" and (fleet.company_id is None or fleet.agency_token_env is None):
        checker.report(
            ("members",),
            "'members: all' lists the agency's sub-accounts: it needs company_id and "
            "agency_token_env",
        )
    if fleet.agency_token_env is not None and fleet.company_id is None:
        checker.report(("agency_token_env",), "minting location tokens needs company_id too")


def _check_groups(checker: _Checker, members: dict[str, FleetMemberModel]) -> None:
    for group, names in checker.fleet.groups.items():
        if group in members:
            checker.report(("groups", group), f"group '{group}' has the name of a member: "
                           "--only and --canary could not tell them apart")
        for index, name in enumerate(names):
            if name not in members:
                checker.report(("groups", group, index), f"'{name}' is not a member "
                               f"(members: {_listed(members)})")


def _check_locations(checker: _Checker, members: dict[str, FleetMemberModel]) -> None:
    first: dict[str, str] = {}
    for name, member in members.items():
        earlier = first.setdefault(member.location, name)
        if earlier != name:
            checker.report(("members", name, "location"), f"location '{member.location}' is "
                           f"member '{earlier}' already (one member per location)")


def _check_excludes(
    checker: _Checker, members: dict[str, FleetMemberModel], known: frozenset[str]
) -> None:
    for name, member in members.items():
        for index, key in enumerate(member.exclude):
            if key not in known:
                checker.report(("members", name, "exclude", index), f"'{key}' is no key this "
                               f"file declares (keys: {_listed(known)})")


def _check_tokens(checker: _Checker, members: dict[str, FleetMemberModel]) -> None:
    if checker.fleet.agency_token_env is not None:
        return
    for name, member in members.items():
        if member.token_env is None:
            checker.report(("members", name), "no token_env, and the fleet has no "
                           "agency_token_env to mint a location token with")


def _listed(names: Iterable[str]) -> str:
    return ", ".join(sorted(names)) or "none"
