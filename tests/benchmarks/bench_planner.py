"""Planner CPU and peak memory for N declared vs N live relations, in a fresh process.

Run as ``python bench_planner.py N``: prints one JSON line. The inputs (a DesiredState and a
LiveState with 3% of declared relations missing and 3% undeclared ones present) are built
first; then ``read_scope`` + ``build_plan`` are timed with ``time.process_time`` and, in a
second pass, traced with ``tracemalloc`` for their own peak allocation. ``max_rss_mb`` is
the child process's own peak resident memory (interpreter, inputs and planning included):
Linux's ``VmHWM``, because ``getrusage`` keeps across ``exec`` the peak of the process that
forked it (the benchmark's parent, holding its scenarios); ``ru_maxrss`` elsewhere.
``inputs_rss_mb`` is that peak once the inputs are built, before planning.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass

from ghlsync.engine import diff as build_plan
from ghlsync.kinds.associations.scope import read_scope
from ghlsync.values.state import (
    DesiredAssociation,
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    LiveRelation,
    LiveState,
    RecordRef,
    Side,
    Source,
)

__all__ = ["PlannerRun", "measure_planner"]

_KEY = "property_agent"
_FIRST = Side("custom_objects.property", "Listing")
_SECOND = Side("custom_objects.agent", "Agent")


@dataclass
class PlannerRun:
    relations: int
    cpu_seconds: float
    traced_peak_mb: float
    max_rss_mb: float
    changes: int
    inputs_rss_mb: float = 0.0


def measure_planner(relations: int) -> PlannerRun:
    """Measure in a fresh interpreter, so that peak memory is this run's alone."""
    done = subprocess.run(
        [sys.executable, __file__, str(relations)], capture_output=True, text=True, check=True
    )
    return PlannerRun(**json.loads(done.stdout))


def _inputs(count: int) -> tuple[DesiredState, LiveState]:
    agents = max(1, count // 50)
    pairs = [(f"prop_{n:07d}", f"agent_{n % agents:05d}") for n in range(count)]
    refs: dict[str, RecordRef] = {}  # one per record, as the configuration's resolver shares them
    declared = tuple(
        DesiredRelation(
            _KEY,
            refs.setdefault(a, RecordRef(a)),
            refs.setdefault(b, RecordRef(b)),
            Source("ghlsync.yaml", n + 10),
        )
        for n, (a, b) in enumerate(pairs)
    )
    association = DesiredAssociation(_KEY, _FIRST, _SECOND, Source("ghlsync.yaml", 5))
    desired = DesiredState(
        "loc", None, "ghlsync.yaml", "digest", {_KEY: association}, declared
    )
    del pairs
    # The read keeps one string per id, the scope's (the file's): see associations.read.
    ends = [(r.first.id, r.second.id) for r in declared]
    live_pairs = [p for n, p in enumerate(ends) if n % 33 != 0]
    live_pairs += [(a, f"agent_old_{n}") for n, (a, _) in enumerate(ends) if n % 33 == 1]
    del ends
    relations = (LiveRelation(f"r{n}", "assoc_1", a, b) for n, (a, b) in enumerate(live_pairs))
    live = LiveState(
        "loc",
        {_KEY: LiveAssociation("assoc_1", _KEY, _FIRST, _SECOND)},
        {relation.id: relation for relation in relations},  # keyed by its own id, as read
        read_scope(desired),
    )
    return desired, live


def _plan_once(desired: DesiredState, live: LiveState) -> int:
    read_scope(desired)
    return len(build_plan(desired, live).changes)


def _main(count: int) -> None:
    desired, live = _inputs(count)
    inputs_kb = _own_peak_rss_kb()
    started = time.process_time()
    changes = _plan_once(desired, live)
    cpu = time.process_time() - started
    tracemalloc.start()
    _plan_once(desired, live)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_kb = _own_peak_rss_kb()
    result = PlannerRun(count, cpu, peak / 2**20, rss_kb / 1024, changes, inputs_kb / 1024)
    print(json.dumps(result.__dict__))


def _own_peak_rss_kb() -> int:
    """This process's peak resident set in KiB, not counting the process that forked it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    _main(int(sys.argv[1]))
