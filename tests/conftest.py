"""Every test runs as on a developer's machine, even inside a CI job that sets these."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from ghlsync.plumbing.redaction import forget_all
from ghlsync.sandbox.state import SandboxState

_CI_VARIABLES = ("FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY")

HoldRecords = Callable[[Path, str, Mapping[str, list[str]]], None]


@pytest.fixture(autouse=True)
def _no_ci_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_registered_tokens() -> Iterator[None]:
    """Tokens a test's run registered for scrubbing do not follow it into the next test."""
    yield
    forget_all()


def write_records(state_file: Path, location: str, records: Mapping[str, list[str]]) -> None:
    """Make a sandbox state file's location hold these records too (object key -> ids).

    Like a real location, the sandbox refuses relations to records it does not hold.
    """
    state = SandboxState.load(state_file)
    state.location(location).add_records(records)
    state.save(state_file)


@pytest.fixture
def hold_records() -> HoldRecords:
    return write_records
