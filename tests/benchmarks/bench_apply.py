"""What an ``apply`` costs: plan reads, writes and verification reads, against the cover bound.

    .venv/bin/python tests/benchmarks/bench_apply.py                   # 600 creates, portfolio 1000
    .venv/bin/python tests/benchmarks/bench_apply.py --portfolio 10000 --rate 100/10000

Runs the real ``ghlsync apply --auto-approve -v`` against ``ghlsync sandbox serve``. Requests
are split by the ``-v`` log: reads before the first write (planning), writes, reads after the
last write (verification). **cover** is the fewest verification reads: a minimum vertex cover of
the records of the changed relations (one page each). Goal: verification ≤ cover, and
apply total ≤ plan reads + writes + cover.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scenario import Link, Scenario, portfolio
from bench_served import PlanRun, Server, run_command, sandbox_server

from ghlsync.kinds.associations.scope import minimum_vertex_cover

_WRITES = {"POST", "PUT", "DELETE"}


def disjoint_creates(count: int) -> Scenario:
    """``count`` declared property-owner pairs, none of them live: ``count`` creates."""
    declared: list[Link] = [("property_owner", f"prop_{n:06d}", f"c_{n:06d}") for n in range(count)]
    return Scenario(f"{count} creates", declared, [], declared_keys=("property_owner",))


def changed_cover(scenario: Scenario) -> int:
    """Records of a minimum vertex cover of the relations the apply creates or deletes."""
    declared, live = set(scenario.declared), set(scenario.live)
    managed = set(scenario.declared_keys)
    scope = scenario.pruning_scope()
    deletes = {
        link for link in live - declared
        if link[0] in managed and (link[0] in scope.get(link[1], ()) or
                                   link[0] in scope.get(link[2], ()))
    }
    changed = (declared - live) | deletes
    return len(minimum_vertex_cover((first, second) for _, first, second in changed))


def split(run: PlanRun) -> tuple[int, int, int]:
    """(reads before the first write, writes, reads after the last write) from the log."""
    methods = [method for method, _ in run.log]
    written = [n for n, method in enumerate(methods) if method in _WRITES]
    if not written:
        return len(methods), 0, 0
    return written[0], len(written), len(methods) - written[-1] - 1


def measure(server: Server, work: Path, scenario: Scenario, parallelism: int | None) -> list[str]:
    print(f"measuring {scenario.name} ...", file=sys.stderr, flush=True)
    config = work / "apply.yaml"
    config.write_text(scenario.config_yaml())
    server.put_state(scenario.state_json())
    run = run_command(["apply", "--auto-approve"], config, server.url, parallelism)
    if run.exit_code != 0:
        raise RuntimeError(f"ghlsync apply failed ({run.exit_code}): {run.stderr_tail}")
    reads, writes, verify = split(run)
    cover = changed_cover(scenario)
    return [
        scenario.name, f"{run.requests:,}", f"{reads:,}", f"{writes:,}", f"{verify:,}",
        f"{cover:,}", f"{verify / max(1, writes):.2f}", str(run.throttled), f"{run.wall:.1f}",
        "yes" if run.requests <= reads + writes + cover else "no",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=600, help="disjoint relation creates")
    parser.add_argument("--portfolio", type=int, default=1000, help="records of a drifted run")
    parser.add_argument("--rate", default="200/1000", help="sandbox rate limit N/MS")
    parser.add_argument("--latency-ms", type=float, default=40.0)
    parser.add_argument("--jitter-ms", type=float, default=40.0)
    parser.add_argument("--parallelism", type=int, default=None)
    args = parser.parse_args(argv)
    scenarios = [disjoint_creates(args.creates), portfolio(args.portfolio)]
    with tempfile.TemporaryDirectory() as work, sandbox_server(
        args.latency_ms, args.jitter_ms, args.rate
    ) as server:
        rows = [measure(server, Path(work), s, args.parallelism) for s in scenarios]
    head = ["scenario", "requests", "plan reads", "writes", "verify reads", "cover",
            "verify/writes", "429s", "wall s", "total <= reads + writes + cover"]
    print(f"ghlsync apply, sandbox rate {args.rate}\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
