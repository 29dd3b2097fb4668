"""Wall time of ``ghlsync validate`` on examples/quickstart, as pre-commit runs it.

Run as ``python tests/benchmarks/bench_validate.py [N]`` (default 21 runs): prints one JSON
line with the median and fastest wall time of ``ghlsync validate`` and ``ghlsync --version``
(and its ratio to the interpreter's), and of ``python -c pass``
for the interpreter's own start-up on the same machine at the same moment. The runs let Python
write bytecode (an installed package has it; ``PYTHONDONTWRITEBYTECODE`` would make every run
compile ghlsync from source), and one warm-up run is not counted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["median_wall_seconds"]

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "examples" / "quickstart"
GHLSYNC = str(Path(sys.executable).with_name("ghlsync"))


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _wall_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=QUICKSTART, env=_environment(), capture_output=True, check=True)
    return time.perf_counter() - started


def median_wall_seconds(command: list[str], runs: int) -> tuple[float, float]:
    """(median, fastest) wall seconds of ``runs`` runs, after one warm-up run."""
    _wall_seconds(command)
    times = [_wall_seconds(command) for _ in range(runs)]
    return statistics.median(times), min(times)


def main(runs: int) -> None:
    validate = median_wall_seconds([GHLSYNC, "validate"], runs)
    version = median_wall_seconds([GHLSYNC, "--version"], runs)
    interpreter = median_wall_seconds([sys.executable, "-c", "pass"], runs)
    print(json.dumps({
        "runs": runs,
        "validate_median_s": round(validate[0], 3),
        "validate_fastest_s": round(validate[1], 3),
        "version_median_s": round(version[0], 3),
        "version_fastest_s": round(version[1], 3),
        "python_pass_median_s": round(interpreter[0], 3),
        "python_pass_fastest_s": round(interpreter[1], 3),
        "version_over_python": round(version[0] / interpreter[0], 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
