"""The ``ghlsync`` process's start-up: the collector paused while it loads, on for the work;
pydantic's plugin lookup off unless the user set ``PYDANTIC_DISABLE_PLUGINS``."""

from __future__ import annotations

import ast
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ghlsync.cli
from ghlsync.plumbing.gc_pause import loading_the_command, pause_for_start_up

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart" / "ghlsync.yaml"
PROBE = """
import gc, json, sys
import ghlsync.cli as cli
from ghlsync.console import Console

seen = {}
real_main, real_print = cli.main, Console.print

def main(argv):
    seen["collecting at start"] = gc.isenabled()
    return real_main(argv)

def print_(self, *args, **kwargs):
    seen["collecting in the command"] = gc.isenabled()
    seen["start-up frozen"] = gc.get_freeze_count() > 0
    return real_print(self, *args, **kwargs)

cli.main, Console.print = main, print_
sys.argv = ["ghlsync", "validate", sys.argv[1]]
try:
    cli.entry_point()
except SystemExit as done:
    seen["exit code"] = done.code
print(json.dumps(seen))
"""
PLUGINS_PROBE = """
import json, os, sys
from pydantic.plugin import _loader
if sys.argv[1] == "library":
    import ghlsync
    ghlsync.load(sys.argv[2])
else:
    from ghlsync.cli import entry_point
    sys.argv = ["ghlsync", "validate", sys.argv[2]]
    try:
        entry_point()
    except SystemExit:
        pass
print(json.dumps([os.environ.get("PYDANTIC_DISABLE_PLUGINS"), _loader._plugins is not None]))
"""


def test_the_process_starts_without_collecting_and_the_command_runs_collecting() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(QUICKSTART)], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {
        "collecting at start": False,
        "collecting in the command": True,
        "start-up frozen": True,
        "exit code": 0,
    }


def test_every_command_loads_its_module_inside_loading_the_command() -> None:
    """A command added later cannot run its work with the start-up's collector still off."""
    folder = Path(ghlsync.cli.__file__).parent
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py")))
    tree = ast.parse(source)
    wrapped = {
        id(node)
        for block in ast.walk(tree) if isinstance(block, ast.With)
        if ast.unparse(block.items[0].context_expr) == "loading_the_command()"
        for node in block.body
    }
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    imports = [
        node for function in functions for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and node.module == "ghlsync.commands"
    ]
    assert len(imports) >= 12
    assert [ast.unparse(node) for node in imports if id(node) not in wrapped] == []


def test_without_a_paused_start_up_loading_changes_nothing() -> None:
    """``main()`` called in-process (tests, embedding) keeps the caller's collector as it is."""
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with loading_the_command():
        pass
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        with loading_the_command():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_paused_start_up_ends_collecting_even_when_loading_fails() -> None:
    pause_for_start_up()
    try:
        assert not gc.isenabled()
        with loading_the_command():
            raise ImportError("a broken install")
    except ImportError:
        pass
    finally:
        collecting = gc.isenabled()
        gc.enable()
        gc.unfreeze()
    assert collecting


@pytest.mark.parametrize(
    ("face", "given", "expected"),
    [
        ("command", None, ["__all__", False]),  # the command: no entry-point scan
        ("command", "", ["", True]),  # the user's choice, even empty, is kept
        ("command", "logfire", ["logfire", True]),
        ("library", None, [None, True]),  # the library leaves its caller's process alone
    ],
)
def test_the_command_alone_turns_pydantic_plugins_off_unless_the_user_chose(
    face: str, given: str | None, expected: list[object]
) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        environment["PYDANTIC_DISABLE_PLUGINS"] = given
    done = subprocess.run(
        [sys.executable, "-c", PLUGINS_PROBE, face, str(QUICKSTART)],
        capture_output=True, text=True, check=True, env=environment,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == expected
