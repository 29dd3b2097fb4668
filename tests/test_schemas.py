"""``python -m ghlsync.schemas``: one command lists and regenerates every checked-in schema."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ghlsync import schemas
from ghlsync.schemas import PACKAGE_SCHEMA_DIR, SCHEMA_DIR, SCHEMAS, main


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


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_packaged_schemas_are_current(name: str) -> None:
    assert (PACKAGE_SCHEMA_DIR / name).read_text(encoding="utf-8") == SCHEMAS[name](), (
        f"ghlsync/data/{name} is stale: run `python -m ghlsync.schemas --write`"
    )


def test_write_without_a_directory_regenerates_both_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository, package = tmp_path / "schemas", tmp_path / "data"
    repository.mkdir()
    package.mkdir()
    monkeypatch.setattr(schemas, "SCHEMA_DIR", repository)
    monkeypatch.setattr(schemas, "PACKAGE_SCHEMA_DIR", package)
    assert main(["--write"]) == 0
    for name, render in SCHEMAS.items():
        assert (repository / name).read_text(encoding="utf-8") == render()
        assert (package / name).read_text(encoding="utf-8") == render()


def test_the_wheel_ships_the_schemas() -> None:
    pyproject = tomllib.loads((SCHEMA_DIR.parent / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]["ghlsync"]
    assert "data/*.json" in package_data
    assert sorted(path.name for path in PACKAGE_SCHEMA_DIR.glob("*.json")) == sorted(SCHEMAS)
