"""``ghlsync export``: option errors are clear and send no request."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands_fixtures import run, state_untouched


def test_a_key_without_natural_keys_is_refused_before_any_request(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", "--key", "custom_objects.property=mls_number")
    assert code == 1 and out == ""
    assert "--key needs --natural-keys" in err
    assert state_untouched(workdir)
