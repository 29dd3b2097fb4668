"""ghlsync performance benchmark: requests vs the minimum, wall time vs the rate bound.

    .venv/bin/python tests/benchmarks/bench.py                 # 100, 1,000, 10,000 records
    .venv/bin/python tests/benchmarks/bench.py --quick         # 100 and 1,000, smaller planner
    .venv/bin/python tests/benchmarks/bench.py --real-rate     # GHL's 100 / 10 s, 100 and 1,000

Everything runs the real command (``ghlsync plan -v``) against ``ghlsync sandbox serve`` with
latency and a scaled rate limit, and prints markdown tables. Formulas:

- minimum = association pages + sum over in-scope records of (matching relations // 100 + 1)
  (GHL gives no total: a listing ends on a short page, so exactly 100 needs a second page);
- rate bound = requests x interval / max (requests / allowed rate, docs/design.md);
- burst bound = (requests - max)+ x interval / max + mean latency: the fluid limit once the
  first burst of ``max`` is spent;
- sliding bound = max(batches x round trip, floor((requests - 1) / max) x interval + round trip)
  with batches = ceil(min(requests, max) / parallelism): a sliding window admits ``max`` at once,
  then request k + max only a window after request k; this is the true lower bound of the
  request phase (round trip = mean latency; parallelism = the tool's default, 32, if not given).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_naive import NaiveRun, naive_read
from bench_planner import PlannerRun, measure_planner
from bench_scenario import LOCATION, Scenario, minimum_requests, portfolio, skewed_agents
from bench_served import TOKEN, PlanRun, Server, run_plan, sandbox_server

from ghlsync.kinds.associations.scope import minimum_vertex_cover
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxState


@dataclass(frozen=True)
class Settings:
    sizes: list[int]
    latency_ms: float
    jitter_ms: float
    rate_max: int
    rate_interval_ms: int
    parallelism: int | None
    naive_max: int
    planner_sizes: list[int]
    cover: tuple[int, int]
    real_rate: bool = False
    rate_window: str = "sliding"

    @property
    def rate(self) -> str:
        return f"{self.rate_max}/{self.rate_interval_ms}"

    @property
    def mean_latency(self) -> float:
        return (self.latency_ms + self.jitter_ms / 2) / 1000

    def rate_bound(self, requests: int) -> float:
        return requests * self.rate_interval_ms / 1000 / self.rate_max

    def burst_bound(self, requests: int) -> float:
        excess = max(0, requests - self.rate_max)
        return excess * self.rate_interval_ms / 1000 / self.rate_max + self.mean_latency

    def sliding_bound(self, requests: int) -> float:
        batches = math.ceil(min(requests, self.rate_max) / (self.parallelism or 32))
        windows = (requests - 1) // self.rate_max * self.rate_interval_ms / 1000
        return max(batches * self.mean_latency, windows + self.mean_latency)


@dataclass
class SizeResult:
    scenario: Scenario
    plan: PlanRun
    minimum: int
    naive: NaiveRun | None
    naive_estimate: NaiveRun | None


def main(argv: Sequence[str] | None = None) -> int:
    settings = _parse(argv)
    _header(settings)
    with tempfile.TemporaryDirectory() as work, sandbox_server(
        settings.latency_ms, settings.jitter_ms, settings.rate, settings.rate_window
    ) as server:
        results = [_measure_size(server, Path(work), size, settings) for size in settings.sizes]
        _estimate_naive_walls(results, settings)
        _print_served(results, settings)
        if settings.real_rate:
            return 0
        _print_naive(results, settings)
        _print_cover(_measure_cover(server, Path(work), settings))
    _print_planner([measure_planner(n) for n in settings.planner_sizes])
    return 0


def _parse(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 100,1000; planner 10k")
    parser.add_argument(
        "--real-rate", action="store_true",
        help="GHL's 100 per 10,000 ms; sizes 100,1000 unless given; plan only",
    )
    parser.add_argument("--sizes", default=None, help="in-scope records (100,1000,10000)")
    parser.add_argument(
        "--rate-window", choices=("sliding", "fixed"), default="sliding",
        help="how the sandbox counts its rate limit",
    )
    parser.add_argument("--latency-ms", type=float, default=40.0)
    parser.add_argument("--jitter-ms", type=float, default=40.0)
    parser.add_argument("--rate", default=None, help="sandbox rate limit N/MS (200/1000)")
    parser.add_argument("--parallelism", type=int, default=None, help="default: the tool's")
    parser.add_argument("--naive-max", type=int, default=1000, help="largest naive run")
    parser.add_argument("--planner", default="10000,100000", help="relations for the planner")
    parser.add_argument("--cover", default="2000x20", help="skewed graph PROPERTIESxAGENTS")
    args = parser.parse_args(argv)
    rate = args.rate or ("100/10000" if args.real_rate else "200/1000")
    sizes = args.sizes or ("100,1000" if args.real_rate or args.quick else "100,1000,10000")
    rate_max, rate_interval = (int(part) for part in rate.split("/"))
    properties, agents = (int(part) for part in args.cover.split("x"))
    return Settings(
        sizes=_ints(sizes),
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        rate_max=rate_max,
        rate_interval_ms=rate_interval,
        parallelism=args.parallelism,
        naive_max=0 if args.real_rate else args.naive_max,
        planner_sizes=[10_000] if args.quick else _ints(args.planner),
        cover=(properties, agents),
        real_rate=args.real_rate,
        rate_window=args.rate_window,
    )


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _header(settings: Settings) -> None:
    parallel = settings.parallelism if settings.parallelism is not None else "default"
    print(
        f"sandbox: latency {settings.latency_ms:g}-{settings.latency_ms + settings.jitter_ms:g} ms,"
        f" rate limit {settings.rate_max} per {settings.rate_interval_ms} ms"
        f" ({settings.rate_window} window);"
        f" ghlsync plan --parallelism {parallel}\n",
        flush=True,
    )


# -- measuring ---------------------------------------------------------------------------


def _plan_scenario(
    server: Server, work: Path, scenario: Scenario, settings: Settings
) -> PlanRun:
    config = work / f"{scenario.name.replace(' ', '_')}.yaml"
    config.write_text(scenario.config_yaml())
    server.put_state(scenario.state_json())
    run = run_plan(config, server.url, settings.parallelism)
    if run.exit_code != 0:
        raise RuntimeError(f"ghlsync plan failed ({run.exit_code}): {run.stderr_tail}")
    return run


def _measure_size(server: Server, work: Path, size: int, settings: Settings) -> SizeResult:
    print(f"measuring {size} records ...", file=sys.stderr, flush=True)
    scenario = portfolio(size)
    plan = _plan_scenario(server, work, scenario, settings)
    minimum = minimum_requests(scenario, scenario.pruning_scope())
    if size <= settings.naive_max:
        server.put_state(scenario.state_json())
        naive = naive_read(server.url, TOKEN, LOCATION, scenario.records)
        return SizeResult(scenario, plan, minimum, naive, None)
    return SizeResult(scenario, plan, minimum, None, _naive_count(scenario))


def _naive_count(scenario: Scenario) -> NaiveRun:
    """The naive client's exact requests, counted in process (no latency, no rate limit)."""
    state = SandboxState.from_json(scenario.state_json())
    sandbox = Sandbox(state, FaultSettings(rate_max=10**9, daily_max=10**9))
    transport = httpx.MockTransport(sandbox.handle)
    return naive_read("http://sandbox", TOKEN, LOCATION, scenario.records, transport=transport)


def _estimate_naive_walls(results: list[SizeResult], settings: Settings) -> None:
    """Wall = requests x the time per request of the largest naive run that was measured."""
    measured = [r.naive for r in results if r.naive is not None and r.naive.requests]
    per_request = (
        measured[-1].wall / measured[-1].requests if measured else settings.mean_latency
    )
    for result in results:
        if result.naive_estimate is not None:
            result.naive_estimate.wall = result.naive_estimate.requests * per_request


CoverRow = tuple[str, PlanRun, int]


def _measure_cover(server: Server, work: Path, settings: Settings) -> list[CoverRow]:
    properties, agents = settings.cover
    rows = []
    for prune in (True, False):
        scenario = skewed_agents(properties, agents, prune_relations=prune)
        print(f"measuring {scenario.name} ...", file=sys.stderr, flush=True)
        plan = _plan_scenario(server, work, scenario, settings)
        rows.append((scenario.name, plan, minimum_requests(scenario, _scope_of(scenario))))
    return rows


def _scope_of(scenario: Scenario) -> dict[str, set[str]]:
    if scenario.prune_relations:
        return scenario.pruning_scope()
    cover = minimum_vertex_cover((a, b) for _, a, b in scenario.declared)
    scope = scenario.pruning_scope()
    return {record: keys for record, keys in scope.items() if record in cover}


# -- printing ----------------------------------------------------------------------------


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(flush=True)


def _print_served(results: list[SizeResult], settings: Settings) -> None:
    print("ghlsync plan (prune.relations: true), requests counted from the -v log:\n")
    head = ["records", "requests", "minimum", "req/min", "429s", "wall s", "request phase s",
            "rate bound s", "wall/bound", "phase/bound", "burst bound s", "sliding bound s",
            "phase/sliding"]
    _table(head, (_served_row(r, settings) for r in results))


def _served_row(result: SizeResult, settings: Settings) -> list[object]:
    plan = result.plan
    rate_bound = settings.rate_bound(plan.requests)
    burst_bound = settings.burst_bound(plan.requests)
    sliding_bound = settings.sliding_bound(plan.requests)
    return [
        f"{len(result.scenario.records):,}", f"{plan.requests:,}", f"{result.minimum:,}",
        f"{plan.requests / result.minimum:.3f}", plan.throttled, f"{plan.wall:.1f}",
        f"{plan.request_phase:.1f}", f"{rate_bound:.1f}", f"{plan.wall / rate_bound:.2f}",
        f"{plan.request_phase / rate_bound:.2f}", f"{burst_bound:.1f}",
        f"{sliding_bound:.1f}", f"{plan.request_phase / sliding_bound:.2f}",
    ]


def _print_naive(results: list[SizeResult], settings: Settings) -> None:
    print("naive sequential client (no filter, no pacing, sleep on 429), same records:\n")
    head = ["records", "requests", "429s", "wall s", "ghlsync wall s", "naive/ghlsync"]
    _table(head, (_naive_row(r) for r in results))


def _naive_row(result: SizeResult) -> list[object]:
    naive = result.naive or result.naive_estimate
    assert naive is not None
    estimated = result.naive is None
    wall = f"~{naive.wall:.0f} (est.)" if estimated else f"{naive.wall:.1f}"
    throttled = "n/a" if estimated else str(naive.throttled)
    return [
        f"{len(result.scenario.records):,}", f"{naive.requests:,}", throttled, wall,
        f"{result.plan.wall:.1f}", f"{naive.wall / result.plan.wall:.1f}x",
    ]


def _print_cover(rows: list[CoverRow]) -> None:
    print("vertex cover: skewed graph (many properties, few agents):\n")
    head = ["scenario", "requests", "minimum", "429s", "wall s"]
    _table(head, ([name, run.requests, minimum, run.throttled, f"{run.wall:.1f}"]
                  for name, run, minimum in rows))


def _print_planner(runs: list[PlannerRun]) -> None:
    print("planner (read_scope + build_plan), N declared vs N live relations, fresh process:\n")
    head = ["relations", "changes", "CPU s", "traced peak MB", "process max RSS MB",
            "of which inputs MB"]
    _table(head, ([f"{r.relations:,}", f"{r.changes:,}", f"{r.cpu_seconds:.2f}",
                   f"{r.traced_peak_mb:.0f}", f"{r.max_rss_mb:.0f}", f"{r.inputs_rss_mb:.0f}"]
                  for r in runs))


if __name__ == "__main__":
    sys.exit(main())
