"""Every test runs as on a developer's machine, even inside a CI job that sets these."""

from __future__ import annotations

import pytest

_CI_VARIABLES = ("FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY")


@pytest.fixture(autouse=True)
def _no_ci_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
