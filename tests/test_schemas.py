"""``python -m ghlsync.schemas``: one command lists and regenerates every checked-in schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync.schemas import SCHEMA_DIR, SCHEMAS, main


def test_lists_the_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out.split() == ["ghlsync.schema.json", "plan.schema.json"]


def test_writes_every_schema_into_a_directory(tmp_path: Path) -> None:
    assert main(["--write", str(tmp_path)]) == 0
    for name, render in SCHEMAS.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == render()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schemas_are_current(name: str) -> None:
    assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == SCHEMAS[name](), (
        f"schemas/{name} is stale: run `python -m ghlsync.schemas --write`"
    )
