"""Every output boundary scrubs the tokens a run registered (docs/design.md, "Output
boundaries"): the console's streams, atomic files and the step summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.plumbing.atomic import write_text_atomically
from ghlsync.plumbing.redaction import REDACTED, register
from ghlsync.render.summary import append_step_summary

TOKEN = "pit-0c4b8d2f-1a37-4e6a-9d17-5be07f3c2a91"
READ_TOKEN = "pit-77777777-aaaa-4bbb-8ccc-dddddddddddd"


def _leaks(text: str) -> bool:
    return TOKEN[:8] in text or TOKEN[-8:] in text or READ_TOKEN[10:18] in text


def test_the_console_scrubs_every_write() -> None:
    register([TOKEN, READ_TOKEN])
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err)
    console.print(f"label: Bearer {TOKEN}")
    console.out.write(json.dumps({"id": TOKEN[:24]}) + "\n")
    console.out.writelines([f"{READ_TOKEN}\n"])
    console.error(f"echo {TOKEN[5:30]}")
    assert not _leaks(out.getvalue() + err.getvalue())
    assert out.getvalue().count(REDACTED) == 3


def test_atomic_files_and_the_step_summary_are_scrubbed(tmp_path: Path) -> None:
    register([TOKEN])
    write_text_atomically(tmp_path / "plan.json", json.dumps({"label": TOKEN}))
    summary = tmp_path / "summary.md"
    append_step_summary(f"| {TOKEN} |", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert not _leaks((tmp_path / "plan.json").read_text() + summary.read_text())


def test_connect_registers_the_write_and_read_tokens_not_the_sandbox_stand_in(
    tmp_path: Path,
) -> None:
    environ = {"GHL_TOKEN": TOKEN, "RO": READ_TOKEN}
    options = ConnectionOptions(sandbox=tmp_path / "state.json")
    with connect(options, "loc_1", None, environ, read_token_env="RO"):
        pass
    out = io.StringIO()
    Console(out=out).print(f"{TOKEN} {READ_TOKEN} sandbox-token")
    assert out.getvalue() == f"{REDACTED} {REDACTED} sandbox-token\n"


@pytest.mark.parametrize("length", [1, 3, 4, 7, 8, 9, 40, 200])
def test_a_registered_token_of_any_length_is_removed_whole(length: int) -> None:
    token = ("Zq9" * 100)[:length]
    register([token])
    out = io.StringIO()
    Console(out=out).print(f"<{token}>")
    assert out.getvalue() == f"<{REDACTED}>\n"
