"""Start-up of ``ghlsync validate`` and ``ghlsync --version``, as pre-commit runs them.

Run as ``python tests/benchmarks/bench_validate.py [N] [FILE ...]`` (default 21 runs, the
quickstart and schema examples): prints one JSON line with, for each command and for
``python -c pass`` (the interpreter's own start-up, same machine, same moment), the median and
fastest wall time and the median CPU time (user + system) of its process, and each command's
ratio to the interpreter. "dependencies only" imports what validate needs of other packages
(click, PyYAML, pydantic with one model built) and nothing of ghlsync: the floor under validate.
CPU time is what a loaded machine (many processes on 2 cores) inflates least; wall time is what
the user waits. The runs let Python write bytecode (an installed package has it;
``PYTHONDONTWRITEBYTECODE`` would make every run compile ghlsync from source), and one warm-up
run is not counted.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["start_up_seconds"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = (ROOT / "examples" / "quickstart" / "ghlsync.yaml",
            ROOT / "examples" / "schema" / "ghlsync.yaml")
GHLSYNC = str(Path(sys.executable).with_name("ghlsync"))
DEPENDENCIES = (
    "import click, yaml\n"
    "from pydantic import BaseModel, Discriminator, StringConstraints, Tag\n"
    "class One(BaseModel):\n"
    "    x: int\n"
)
"""What validate cannot start faster than: the interpreter, click, PyYAML and pydantic with
one model built (which loads pydantic's plugin lookup)."""


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _one_run(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of the command."""
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=_environment(), capture_output=True, check=True)
    return time.perf_counter() - started, _children_cpu_seconds() - cpu_before


def start_up_seconds(command: list[str], runs: int) -> dict[str, float]:
    """Median and fastest wall seconds and median CPU seconds of ``runs`` runs, after a warm-up."""
    _one_run(command)
    walls, cpus = zip(*(_one_run(command) for _ in range(runs)), strict=True)
    return {"wall_median_s": round(statistics.median(walls), 3),
            "wall_fastest_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3)}


def _with_ratio(figures: dict[str, float], interpreter: dict[str, float]) -> dict[str, float]:
    ratio = figures["wall_median_s"] / interpreter["wall_median_s"]
    return {**figures, "wall_median_over_python": round(ratio, 2)}


def main(runs: int, files: list[Path]) -> None:
    interpreter = start_up_seconds([sys.executable, "-c", "pass"], runs)
    commands = {f"validate {path.relative_to(ROOT)}": [GHLSYNC, "validate", str(path)]
                for path in files}
    commands["--version"] = [GHLSYNC, "--version"]
    commands["dependencies only"] = [sys.executable, "-c", DEPENDENCIES]
    figures = {name: _with_ratio(start_up_seconds(command, runs), interpreter)
               for name, command in commands.items()}
    print(json.dumps({"runs": runs, "python -c pass": interpreter, **figures,
                      "load_average_1m": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    count = int(arguments.pop(0)) if arguments and arguments[0].isdigit() else 21
    main(count, [Path(a).resolve() for a in arguments] or list(EXAMPLES))
