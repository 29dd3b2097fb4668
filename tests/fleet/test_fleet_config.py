"""The fleet section, checked at load (validate) with FILE:LINE, and each member's view."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.cli import main
from ghlsync.errors import ConfigError
from ghlsync.fleet.documents import member_document
from ghlsync.fleet.members import declared_members
from ghlsync.kinds.file import load_document

HEAD = """
version: 1
associations:
  - key: property_owner
    first: { object: custom_objects.property, label: Property }
    second: { object: contact, label: "${OWNER_LABEL}" }
  - key: loan_officer
    first: { object: contact, label: Borrower }
    second: { object: contact, label: Officer }
"""


def _write(tmp_path: Path, fleet: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(HEAD).lstrip() + textwrap.dedent(fleet).lstrip())
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_document(path, {"OWNER_LABEL": "Owner"}, fleet=True)
    return [str(problem) for problem in raised.value.problems]


def test_every_fleet_problem_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          company_id: comp_1
          agency_token_env: GHL_AGENCY_TOKEN
          members:
            acme: { location: loc_a, vars: { OWNER_LABEL: Owner } }
            globex: { location: loc_a, exclude: [nope] }
          groups:
            canary: [acme, ghost]
            acme: [acme]
    """)
    assert sorted(_problems(path)) == sorted([
        f"{path}:16: fleet.groups.canary[1]: 'ghost' is not a member (members: acme, globex)",
        f"{path}:17: fleet.groups.acme: group 'acme' has the name of a member: --only and "
        "--canary could not tell them apart",
        f"{path}:14: fleet.members.globex.location: location 'loc_a' is member 'acme' already "
        "(one member per location)",
        f"{path}:14: fleet.members.globex.exclude[0]: 'nope' is no key this file declares "
        "(keys: loan_officer, property_owner)",
    ])


def test_members_all_and_minted_tokens_need_the_agency(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          members: all
    """)
    assert _problems(path) == [
        f"{path}:10: fleet.members: 'members: all' lists the agency's sub-accounts: it needs "
        "company_id and agency_token_env"
    ]
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a }
    """)
    assert "no token_env, and the fleet has no agency_token_env" in _problems(path)[0]


def test_unknown_keys_in_a_member_are_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a, token_env: T, colour: red }
    """)
    assert _problems(path) == [f"{path}:11: unknown key 'colour' in fleet.members.acme"]


def test_a_member_token_variable_is_never_interpolated(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a, token_env: GHL_TOKEN_ACME, vars: { OWNER_LABEL: Owner } }
    """).read_text().replace("${OWNER_LABEL}", "${GHL_TOKEN_ACME}")
    (tmp_path / "ghlsync.yaml").write_text(path)
    problems = _problems(tmp_path / "ghlsync.yaml")
    assert any("${GHL_TOKEN_ACME} holds an API token" in p for p in problems)


def test_each_member_sees_its_vars_and_not_its_excluded_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a, token_env: T, vars: { OWNER_LABEL: Owner } }
            globex: { location: loc_g, token_env: T, vars: { OWNER_LABEL: Landlord },
                      exclude: [loan_officer] }
    """)
    base = load_document(path, {}, fleet=True)
    assert base.model.fleet is not None
    acme, globex = declared_members(base.model.fleet)
    acme_doc, globex_doc = (member_document(base, m, {}) for m in (acme, globex))
    assert [a.key for a in acme_doc.model.associations] == ["property_owner", "loan_officer"]
    assert acme_doc.model.associations[0].second.label == "Owner"
    assert [a.key for a in globex_doc.model.associations] == ["property_owner"]
    assert globex_doc.model.associations[0].second.label == "Landlord"


def test_a_plain_load_still_needs_every_variable(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a, token_env: T, vars: { OWNER_LABEL: Owner } }
    """)
    with pytest.raises(ConfigError, match="OWNER_LABEL is not set"):
        load_document(path, {})


def test_validate_accepts_a_fleet_file_without_warning_about_member_vars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, """
        fleet:
          members:
            acme: { location: loc_a, token_env: T, vars: { OWNER_LABEL: Owner } }
    """)
    monkeypatch.delenv("OWNER_LABEL", raising=False)
    assert main(["validate", "-c", str(path)]) == 0
    assert "OWNER_LABEL" not in capsys.readouterr().err


def test_custom_value_and_tag_keys_may_be_excluded(tmp_path: Path) -> None:
    path = _write(tmp_path, """
        custom_values:
          support_phone: { name: Support phone, value: "+1 555 0100" }
        tags: [vip, lead]
        fleet:
          members:
            acme: { location: loc_a, token_env: T, vars: { OWNER_LABEL: Owner },
                    exclude: [support_phone, vip] }
            globex: { location: loc_g, token_env: T, vars: { OWNER_LABEL: Owner },
                      exclude: [nope] }
    """)
    problems = _problems(path)
    assert len(problems) == 1 and "'nope' is no key this file declares" in problems[0]
    assert "lead" in problems[0] and "support_phone" in problems[0]
    path.write_text(path.read_text().replace("exclude: [nope]", "exclude: []"))
    base = load_document(path, {}, fleet=True)
    assert base.model.fleet is not None
    acme = declared_members(base.model.fleet)[0]
    seen = member_document(base, acme, {}).model
    assert seen.custom_values == {} and seen.tags == ["lead"]
