"""Every test runs as on a developer's machine, even inside a CI job that sets these."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ghlsync.redaction import forget_all

_CI_VARIABLES = ("FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY")


@pytest.fixture(autouse=True)
def _no_ci_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_registered_tokens() -> Iterator[None]:
    """Tokens a test's run registered for scrubbing do not follow it into the next test."""
    yield
    forget_all()
