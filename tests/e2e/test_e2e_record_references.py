"""A typo in a record reference never deletes data: the quickstart with `jane_do`."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.conftest import Served, run_ghlsync

QUICKSTART = Path(__file__).parents[2] / "examples" / "quickstart"


def _line_of(config: Path, text: str) -> int:
    lines = config.read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_a_mistyped_alias_fails_validate_and_apply_deletes_nothing(served: Served) -> None:
    config = served.workdir / "ghlsync.yaml"
    shutil.copy(QUICKSTART / "ghlsync.yaml", config)
    served.load_state(QUICKSTART / "sandbox-seed.json")
    applied = served.run("apply", "--auto-approve", hold_records=False)
    assert applied.code == 0, applied.stdout + applied.stderr
    before = served.state_dump()

    config.write_text(config.read_text().replace(
        "- [sunset_villa, jane_doe]", "- [sunset_villa, jane_do]"))
    checked = run_ghlsync(served.workdir, "validate")
    assert checked.code == 1
    assert "`jane_do` is not an alias; did you mean `jane_doe`?" in checked.stderr
    assert f"ghlsync.yaml:{_line_of(config, 'jane_do]')}:" in checked.stderr
    refused = served.run("apply", "--auto-approve", hold_records=False)
    assert refused.code == 1
    assert "did you mean `jane_doe`?" in refused.stderr
    assert served.state_dump() == before


def test_a_raw_id_of_no_record_is_refused_before_any_write(served: Served) -> None:
    config = served.workdir / "ghlsync.yaml"
    shutil.copy(QUICKSTART / "ghlsync.yaml", config)
    served.load_state(QUICKSTART / "sandbox-seed.json")
    assert served.run("apply", "--auto-approve", hold_records=False).code == 0
    before = served.state_dump()

    config.write_text(config.read_text().replace(
        "- [sunset_villa, jane_doe]", "- [sunset_villa, contact_nobody]"))
    for command in (["plan"], ["apply", "--auto-approve"]):
        refused = served.run(*command, hold_records=False)
        assert refused.code == 1, refused.stdout
        assert (
            f"ghlsync.yaml:{_line_of(config, 'contact_nobody]')}: relations.property_owner: "
            "contact record contact_nobody does not exist in location loc_quickstart; "
            "nothing was changed"
        ) in refused.stderr
    assert served.state_dump() == before
