"""``ghlsync validate`` runs on every commit (pre-commit): it must not load what it never uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ghlsync.cli import COMMANDS

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart" / "ghlsync.yaml"
NEVER_LOADED = (
    "httpx", "deepdiff", "tenacity", "ghlsync.client", "ghlsync.sandbox", "ghlsync.engine",
    "ghlsync.fleet", "ghlsync.library", "ghlsync.values.plan", "ghlsync.values.resolution",
    "logging", "ghlsync.connection", "ghlsync.values.objects", "ghlsync.config.declared_objects",
    "queue", "ghlsync.values.state", "ghlsync.config.digest", "ghlsync.config.declared_ownership",
    "ghlsync.kinds.custom_values.state", "ghlsync.kinds.tags.state",
    "ghlsync.kinds.custom_values.section", "ghlsync.kinds.tags.section",
    "ghlsync.kinds.custom_values.declared", "ghlsync.cli.plan", "ghlsync.cli.apply",
    "ghlsync.cli.export", "ghlsync.cli.diff", "ghlsync.cli.doctor", "ghlsync.cli.sandbox",
    "ghlsync.cli.show", "ghlsync.cli.graph", "ghlsync.cli.schema", "json",
    "ghlsync.config.fleet_section",
)
"""The HTTP client, diffing, retries, the sandbox, the planner and executor, fleets, the
library face, plans, natural-key resolution, logging (only -v logs), the connection settings,
the object value classes and the desired and live states with the digest, ownership and
kinds' slots built into them (validate checks the file, it builds no desired state), the
queues that wake waits on an interruption, the sections the file does not use (a kind's, the
fleet's), and the other commands' options; nor json (text output, no token to redact, no JSON
Schema)."""
PROBE = """
import sys
from ghlsync.cli import main
from ghlsync.render import neutral
code = main(["validate", "-c", sys.argv[1]])
compiled = neutral._invisible.cache_info().currsize
modules = sorted(sys.modules)
import json  # after the modules are listed
print(json.dumps({"code": code, "modules": modules, "compiled": compiled}))
"""


def _validate_in_a_fresh_interpreter() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(QUICKSTART)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_validate_loads_no_http_client_diff_retry_policy_sandbox_engine_or_fleet() -> None:
    result = _validate_in_a_fresh_interpreter()
    code, modules = result["code"], set(result["modules"])
    assert code == 0
    assert "ghlsync.config.models" in modules  # the probe did run validate
    loaded = {name for name in modules for top in NEVER_LOADED
              if name == top or name.startswith(f"{top}.")}
    assert loaded == set()


def test_validate_of_plain_text_compiles_no_invisible_character_pattern() -> None:
    """Its output is printable ASCII: the large character class is not compiled on start."""
    assert _validate_in_a_fresh_interpreter()["compiled"] == 0


VERSION_PROBE = """
import json, sys
from ghlsync.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def test_version_loads_no_configuration_models_yaml_or_http_client() -> None:
    done = subprocess.run(
        [sys.executable, "-c", VERSION_PROBE], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("ghlsync, version ")
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    heavy = (
        "pydantic", "yaml", "httpx", "deepdiff", "ghlsync.config", "ghlsync.commands", "logging",
        *(f"ghlsync.cli.{name}" for name in COMMANDS),
    )
    loaded = {name for name in modules for top in heavy
              if name == top or name.startswith(f"{top}.")}
    assert loaded == set()


def test_configuration_models_have_no_builtin_default_factories() -> None:
    """Pydantic parses a builtin factory's text signature at import (ghlsync/config/empty.py)."""
    from pydantic import BaseModel

    from ghlsync.config import models, objects

    classes = [
        value for module in (models, objects) for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    ]
    assert models.ConfigModel in classes
    builtin = [f"{cls.__name__}.{name}" for cls in classes
               for name, info in cls.model_fields.items() if info.default_factory in (list, dict)]
    assert builtin == []


def test_configuration_models_annotations_are_not_text() -> None:
    """Text annotations (``from __future__ import annotations``) make pydantic compile each
    one on every start (docs/design.md, "Start-up")."""
    from ghlsync.config import models, objects

    classes = [models.ConfigModel, models.AssociationModel, objects.ObjectModel]
    text = [f"{cls.__name__}.{name}" for cls in classes
            for name, annotation in vars(cls)["__annotations__"].items()
            if isinstance(annotation, str)]
    assert text == []
