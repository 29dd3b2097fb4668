"""Which location, token and records export and diff use (commands/locations.py), and the
export read."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ghlsync import cli
from ghlsync.commands import diff as diff_command
from ghlsync.commands import export as export_command
from ghlsync.commands.export import export_text
from ghlsync.commands.locations import (
    ComparisonSide,
    ExportRequest,
    comparison_sides,
    export_check_command,
    export_request,
)
from ghlsync.errors import ApiError, ConfigError, UsageError
from ghlsync.kinds.associations.read import read_closure, read_whole_records
from ghlsync.values.state import LiveAssociation, LiveRelation, Side

CONFIG = """
version: 1
environments:
  staging:    { location: loc_stg, token_env: TOKEN_STG }
  production: { location: loc_prd, token_env: TOKEN_PRD }
records:
  villa: { staging: p_s1, production: p_p1 }
  jane:  { staging: c_s1 }
relations:
  owner:
    - [villa, jane]
"""
OWNER = LiveAssociation("a_own", "owner", Side("custom_objects.p", "P"), Side("contact", "O"))
MENTOR = LiveAssociation("a_men", "mentor", Side("contact", "Mentor"), Side("contact", "Mentee"))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(CONFIG).lstrip())
    return path


class FakeReader:
    """A location in memory that records which listings were asked for."""

    def __init__(
        self,
        relations: Sequence[LiveRelation],
        fail_on: str | None = None,
        location_id: str = "loc",
    ) -> None:
        self.location_id = location_id
        self.relations = relations
        self.fail_on = fail_on
        self.listings: list[tuple[str, tuple[str, ...]]] = []

    def list_associations(self) -> list[LiveAssociation]:
        return [OWNER, MENTOR]

    def list_relations_of(self, wanted: Mapping[str, Sequence[str]]) -> list[LiveRelation]:
        listed = (self.list_relations(record, ids) for record, ids in wanted.items() if ids)
        return [relation for listing in listed for relation in listing]

    def list_relations(self, record_id: str, association_ids: Sequence[str]) -> list[LiveRelation]:
        self.listings.append((record_id, tuple(association_ids)))
        if record_id == self.fail_on:
            raise ApiError("GET", f"/associations/relations/{record_id}", 500, "boom")
        return [
            r
            for r in self.relations
            if record_id in (r.first_record_id, r.second_record_id)
            and r.association_id in association_ids
        ]


def relation(rid: str, association: LiveAssociation, first: str, second: str) -> LiveRelation:
    return LiveRelation(rid, association.id, first, second)


# --- diff: comparison_sides --------------------------------------------------------------


@pytest.mark.parametrize(
    ("environments", "locations"),
    [(("staging",), ()), (("staging",), ("loc_x",)), ((), ("loc_x",)), ((), ())],
)
def test_diff_needs_exactly_two_of_one_kind(
    config: Path, environments: tuple[str, ...], locations: tuple[str, ...]
) -> None:
    with pytest.raises(UsageError, match="--env A --env B or --location X --location Y"):
        comparison_sides(config, environments, locations)


def test_diff_sides_from_two_locations_need_no_file(tmp_path: Path) -> None:
    first, second = comparison_sides(tmp_path / "missing.yaml", (), ("loc_a", "loc_b"))
    assert first == ComparisonSide("loc_a", "loc_a", None)
    assert second.location_id == "loc_b" and not second.aliases


def test_diff_sides_from_environments_carry_token_variable_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    complete = CONFIG.replace("{ staging: c_s1 }", "{ staging: c_s1, production: c_p1 }")
    path.write_text(textwrap.dedent(complete).lstrip())
    staging, production = comparison_sides(path, ("staging", "production"), ())
    assert (staging.location_id, staging.token_env) == ("loc_stg", "TOKEN_STG")
    assert production.aliases == {"p_p1": "villa", "c_p1": "jane"}


def test_diff_with_an_unknown_environment_names_it(config: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown environment 'qa'.*staging"):
        comparison_sides(config, ("staging", "qa"), ())


def test_diff_with_an_alias_missing_for_an_environment_names_both(config: Path) -> None:
    with pytest.raises(ConfigError, match="'jane' has no id for environment 'production'"):
        comparison_sides(config, ("staging", "production"), ())


def test_read_side_lists_the_aliased_records() -> None:
    reader = FakeReader([relation("r1", OWNER, "p1", "c1")])
    side = ComparisonSide("staging", "loc_stg", None, {"p1": "villa", "c9": "jane"})
    live = read_whole_records(reader, sorted(side.aliases))
    assert sorted(record for record, _ in reader.listings) == ["c9", "p1"]
    assert set(live.relations) == {"r1"}


# --- export: export_request --------------------------------------------------------------


def test_export_without_location_or_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="export needs --location ID, or --env NAME"):
        export_request(tmp_path / "ghlsync.yaml", None, None, (), None)


def test_export_of_a_location_reads_no_file(tmp_path: Path) -> None:
    broken = tmp_path / "ghlsync.yaml"
    broken.write_text("version: [")
    request = export_request(broken, None, "loc_x", ("c2", "c1", "c2"), None)
    assert request == ExportRequest("loc_x", None, None, ("c1", "c2"))


def test_export_of_an_environment_takes_location_and_token_variable(config: Path) -> None:
    request = export_request(config, "staging", None, ("x1",), None)
    assert (request.location_id, request.token_env, request.environment) == (
        "loc_stg",
        "TOKEN_STG",
        "staging",
    )
    assert request.records == ("x1",) and request.document is None


def test_export_records_from_a_file_adds_its_records(config: Path) -> None:
    request = export_request(config.with_name("other.yaml"), "staging", None, ("z9",), config)
    assert request.records == ("c_s1", "p_s1", "z9")
    assert request.document is not None


def test_export_with_an_unknown_environment_names_the_known_ones(config: Path) -> None:
    with pytest.raises(
        UsageError, match=r"unknown environment 'prod' .*\(known: staging, production\)"
    ):
        export_request(config, "prod", None, (), config)


def test_export_with_an_alias_missing_for_the_environment_names_both(config: Path) -> None:
    with pytest.raises(ConfigError, match=r"ghlsync.yaml:\d+.*'jane'.*'production'"):
        export_request(config, "production", None, (), config)


# --- export: reading the records and what they reach -------------------------------------


def test_export_read_follows_relations_per_association_until_closed() -> None:
    reader = FakeReader(
        [
            relation("r1", OWNER, "p1", "c1"),
            relation("r2", OWNER, "p2", "c1"),
            relation("r3", OWNER, "p2", "c5"),  # reached through p2
            relation("r4", MENTOR, "c5", "c6"),  # c5 is in scope for owner only: not read
            relation("r5", OWNER, "p9", "c9"),  # unconnected
        ]
    )
    live = read_closure(reader, ["c1"])
    assert set(live.relations) == {"r1", "r2", "r3"}
    assert reader.listings[0] == ("c1", ("a_men", "a_own"))
    assert sorted(reader.listings[1:]) == [
        ("c5", ("a_own",)),
        ("p1", ("a_own",)),
        ("p2", ("a_own",)),
    ]
    assert live.scope.records["c1"] == frozenset({"owner", "mentor"})
    assert live.scope.records["p2"] == frozenset({"owner"})


def test_export_read_raises_the_api_error_of_a_followed_record() -> None:
    reader = FakeReader([relation("r1", OWNER, "p1", "c1")], fail_on="p1")
    with pytest.raises(ApiError, match="boom"):
        read_closure(reader, ["c1"])


def test_export_text_names_the_environment_and_writes_aliases(config: Path) -> None:
    reader = FakeReader([relation("r1", OWNER, "p_s1", "c_s1")])
    request = export_request(config, "staging", None, (), config)
    text = export_text(reader, request)
    assert "from location loc_stg (staging)" in text.splitlines()[1]
    assert "    - [villa, jane]" in text
    assert "token_env: TOKEN_STG" in text


# --- the command line: errors exit 1 before any connection -------------------------------


@pytest.fixture
def no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    @contextmanager
    def refuse(*args: Any, **kwargs: Any) -> Iterator[None]:
        raise AssertionError("a connection was opened")
        yield

    for command in (diff_command, export_command):
        monkeypatch.setattr(command, "connect", refuse)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--env", "staging"], "--env A --env B or --location X --location Y"),
        (["diff", "--env", "staging", "--location", "loc_x"], "--env A --env B"),
        (["diff", "--env", "staging", "--env", "qa"], "unknown environment 'qa'"),
        (["diff", "--env", "staging", "--env", "production"], "'jane' has no id for environment"),
        (["export"], "export needs --location ID"),
        (["export", "--env", "qa"], "unknown environment 'qa'"),
        (["export", "--env", "production", "--records-from", "ghlsync.yaml"], "'production'"),
    ],
)
def test_cli_errors_exit_1_without_a_request(
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_connection: None,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(config.parent)
    if args == ["export"]:
        config.unlink()
    assert cli.main(args) == 1
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


# --- export: the command that checks the written file ------------------------------------


def test_check_command_of_a_location_export_needs_no_target(tmp_path: Path) -> None:
    request = export_request(tmp_path / "absent.yaml", None, "loc_x", (), None)
    assert export_check_command(request, Path("out.yaml")) == "ghlsync plan -c out.yaml"


def test_check_command_of_an_environment_export_names_the_environment(config: Path) -> None:
    request = export_request(config, "staging", None, (), config)
    command = export_check_command(request, Path("out.yaml"))
    assert command == "ghlsync plan -c out.yaml --env staging"


def test_check_command_keeps_a_location_override(config: Path) -> None:
    request = export_request(config, "staging", "loc_other", (), config)
    command = export_check_command(request, Path("o.yaml"))
    assert command == "ghlsync plan -c o.yaml --env staging --location loc_other"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: export_request(p, None, "../x", (), None), "'../x' is not a location"),
        (lambda p: export_request(p, None, "loc", ("a/b",), None), "'a/b' is not a record"),
        (lambda p: comparison_sides(p, (), ("loc_a", "..")), "--location '..' is not a location"),
    ],
)
def test_raw_ids_from_the_command_line_must_be_safe_path_segments(
    tmp_path: Path, call: Any, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        call(tmp_path / "missing.yaml")


def test_export_and_diff_carry_the_read_only_token_variable(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(
        textwrap.dedent(CONFIG)
        .lstrip()
        .replace("token_env: TOKEN_PRD", "token_env: TOKEN_PRD, read_token_env: READ_PRD")
        .replace("{ staging: c_s1 }", "{ staging: c_s1, production: c_p1 }")
    )
    request = export_request(path, "production", None, ("p_p1",), None)
    assert (request.token_env, request.read_token_env) == ("TOKEN_PRD", "READ_PRD")
    staging, production = comparison_sides(path, ("staging", "production"), ())
    assert (staging.token_env, staging.read_token_env) == ("TOKEN_STG", None)
    assert (production.token_env, production.read_token_env) == ("TOKEN_PRD", "READ_PRD")
