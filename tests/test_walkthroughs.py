"""The README's and examples' walkthroughs work as written: PATH, git-ignored state, promotion."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PROMOTION = ROOT / "examples" / "promotion"
GHLSYNC_DIR = Path(sys.executable).parent
_STATE_FILE = re.compile(r'(?:--sandbox |--state |sandbox=")([\w./-]+\.json)')
_DOCS = [README, *ROOT.glob("examples/*/README.md"), *ROOT.glob("examples/*/ghlsync.yaml")]


def _sh_blocks(markdown: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", markdown, re.DOTALL)


def test_the_set_up_puts_the_virtualenv_on_path_before_any_walkthrough() -> None:
    text = README.read_text(encoding="utf-8")
    set_up = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert any('.venv/bin:$PATH"' in block for block in _sh_blocks(set_up))
    first_bare = min(
        text.index(block) for block in _sh_blocks(text) if re.search(r"^ghlsync ", block, re.M)
    )
    assert text.index('.venv/bin:$PATH"') < first_bare


def _suggested_state_files() -> set[Path]:
    found = set()
    for doc in _DOCS:
        for name in _STATE_FILE.findall(doc.read_text(encoding="utf-8")):
            found.add((doc.parent / name).relative_to(ROOT))
    return found


def test_every_state_file_the_docs_suggest_and_its_lock_are_git_ignored() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    suggested = _suggested_state_files()
    assert Path("examples/quickstart/quickstart-state.json") in suggested
    paths = [str(p) for state in sorted(suggested) for p in (state, Path(f"{state}.lock"))]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout.split()
    assert sorted(set(paths) - set(ignored)) == []


def test_the_promotion_walkthrough_leaves_both_locations_agreeing_with_the_file(
    tmp_path: Path,
) -> None:
    """Every ``sh`` block, in order; ``apply`` answers 'yes' as the reader would."""
    for name in ("ghlsync.yaml", "sandbox-seed.json"):
        shutil.copy(PROMOTION / name, tmp_path / name)
    lines = [
        line
        for block in _sh_blocks((PROMOTION / "README.md").read_text(encoding="utf-8"))
        for line in block.splitlines()
        if line.strip() and not line.startswith("cd ")
    ]
    approve = (
        'ghlsync() { if [ "$1" = apply ]; then command ghlsync "$@" --auto-approve; '
        'else command ghlsync "$@"; fi; }'
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    environ.update(NO_COLOR="1", PATH=f"{GHLSYNC_DIR}{os.pathsep}{environ.get('PATH', '')}")
    walked = subprocess.run(
        ["bash", "-c", "\n".join([approve, *lines])],
        cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=300, check=False,
    )
    assert "Traceback" not in walked.stderr
    for environment in ("staging", "production"):
        planned = subprocess.run(
            [str(GHLSYNC_DIR / "ghlsync"), "plan", "--env", environment,
             "--sandbox", "promo.json", "--detailed-exitcode"],
            cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=60, check=False,
        )
        assert planned.returncode == 0, planned.stdout + walked.stdout[-3000:]
        assert planned.stdout.startswith("No changes."), planned.stdout
