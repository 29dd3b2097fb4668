"""Fleet benchmark: N sandbox sub-accounts with the same work each, against one alone.

    .venv/bin/python tests/benchmarks/bench_fleet.py            # 1, 20 and 100 members
    .venv/bin/python tests/benchmarks/bench_fleet.py --sizes 1,20 --records 150

Every location of a served sandbox (``ghlsync sandbox serve``, its own process) holds the
same portfolio (``bench_scenario.portfolio``) and keeps its own rate limit, GHL's 100
requests per 10 s by default (``--rate``: no time scaling unless asked). ``ghlsync plan
--fleet -v`` plans every member; its log gives the requests and the 429s. With ``--records
150`` a member needs about 150 requests: the first 100 go at once, the rest wait for the
window, so one member alone takes a little over 10 s, and a fleet should too. Memory: the
peak RSS of the ghlsync process (getrusage), so per member = (fleet - single) / (N - 1).

Printed: members, wall s, wall / single, requests, N x one member's requests, the sum of the
members' minimums (``bench_scenario.minimum_requests``: the reads; a plan with creates also
reads each new record once to check it exists), the location tokens minted (one per member,
on the agency's own limit), 429s, peak RSS MB, MB per extra member and ghlsync's CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scenario import LOCATION, minimum_requests, portfolio
from bench_served import sandbox_server

AGENCY_TOKEN = "agency-bench-0123456789abcdef"
COMPANY = "agency_bench"
_LOG_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (\S+) (\S+) (\d+)ms$")
_RSS_LINE = re.compile(r"^peak-rss-kb (\d+)$")
_CPU_LINE = re.compile(r"^cpu-s ([0-9.]+)$")
_RUNNER = (
    "import resource, sys\n"
    "from ghlsync.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('peak-rss-kb', usage.ru_maxrss, file=sys.stderr)\n"
    "print('cpu-s', usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class FleetRun:
    members: int
    wall: float
    requests: int
    mints: int
    throttled: int
    peak_rss_mb: float
    exit_code: int
    cpu: float = 0.0


_RECORD_ID = re.compile(r"(?<![\w])((?:prop|c|agent|biz|client|rel)_\w+)")
"""The portfolio's record ids: made unique per member (record ids are unique across GHL, and
the sandbox finds a record's location, and so its rate limit, by its id)."""


def _prefix(member: int) -> str:
    return f"m{member:03d}_"


def _config(records: int, members: int) -> str:
    text = portfolio(records).config_yaml().replace(f"location: {LOCATION}\n", "")
    text = _RECORD_ID.sub(lambda m: '"${P}' + m.group(1) + '"', text)
    lines = [text, "fleet:", f"  company_id: {COMPANY}", "  agency_token_env: GHL_AGENCY_TOKEN",
             "  members:"]
    lines += [f"    m{i:03d}: {{ location: loc_{i:03d}, vars: {{ P: {_prefix(i)} }} }}"
              for i in range(members)]
    return "\n".join(lines) + "\n"


def _state(records: int, members: int) -> dict[str, object]:
    scenario = portfolio(records)
    state = scenario.state_json()
    location = state["locations"][LOCATION]  # type: ignore[index]
    text = json.dumps(location)
    state["locations"] = {
        f"loc_{i:03d}": json.loads(_RECORD_ID.sub(lambda m, i=i: _prefix(i) + m.group(1), text))
        for i in range(members)
    }
    state["agency"] = {"company_id": COMPANY, "token": AGENCY_TOKEN, "token_seconds": 86399}
    return state


def _measure(args: argparse.Namespace, members: int, work: Path) -> FleetRun:
    config = work / f"fleet-{members}.yaml"
    config.write_text(_config(args.records, members))
    with sandbox_server(args.latency_ms, 0.0, args.rate) as server:
        server.put_state(_state(args.records, members))
        return _run_fleet(config, server.url, members, args.members_at_once)


def _run_fleet(config: Path, url: str, members: int, at_once: int) -> FleetRun:
    command = [sys.executable, "-c", _RUNNER, "plan", "--fleet", "-c", str(config), "-v",
               "--base-url", url, "--members-at-once", str(at_once)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    env.update({"GHL_AGENCY_TOKEN": AGENCY_TOKEN, "NO_COLOR": "1"})
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    requests = mints = throttled = 0
    rss_kb, cpu = 0, 0.0
    for line in done.stderr.splitlines():
        if (match := _LOG_LINE.match(line.strip())) is not None:
            mints += match.group(2) == "/oauth/locationToken"
            requests += match.group(2) != "/oauth/locationToken"
            throttled += match.group(3) == "429"
        elif (rss := _RSS_LINE.match(line.strip())) is not None:
            rss_kb = int(rss.group(1))
        elif (cpu_line := _CPU_LINE.match(line.strip())) is not None:
            cpu = float(cpu_line.group(1))
    if done.returncode != 0:
        raise RuntimeError(f"plan --fleet failed ({done.returncode}): {done.stderr[-800:]}")
    return FleetRun(members, wall, requests, mints, throttled, rss_kb / 1024, done.returncode, cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,20,100", help="fleet sizes, the first alone")
    parser.add_argument("--records", type=int, default=150, help="records per location")
    parser.add_argument("--rate", default="100/10000", help="per-location limit N/MS")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--members-at-once", type=int, default=100)
    args = parser.parse_args(argv)
    scenario = portfolio(args.records)
    minimum = minimum_requests(scenario, scenario.pruning_scope())
    sizes = [int(part) for part in args.sizes.split(",")]
    print(f"ghlsync plan --fleet: {args.records} records per member (minimum {minimum} "
          f"requests each), rate {args.rate} per location, latency {args.latency_ms:.0f} ms, "
          f"--members-at-once {args.members_at_once}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the start\n")
    with tempfile.TemporaryDirectory() as directory:
        runs = []
        for size in sizes:
            print(f"measuring {size} member(s) ...", file=sys.stderr, flush=True)
            runs.append(_measure(args, size, Path(directory)))
    _print(runs, minimum)
    return 0


def _print(runs: list[FleetRun], minimum: int) -> None:
    single = runs[0]
    head = ["members", "wall s", "wall/single", "requests", "N x one member's",
            "sum of minimums", "tokens minted",
            "429s", "peak RSS MB", "MB per extra member", "ghlsync CPU s"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for run in runs:
        extra = (run.peak_rss_mb - single.peak_rss_mb) / (run.members - 1) if run.members > 1 \
            else 0.0
        row = [run.members, f"{run.wall:.1f}", f"{run.wall / single.wall:.2f}",
               f"{run.requests:,}", f"{single.requests * run.members:,}",
               f"{minimum * run.members:,}", run.mints, run.throttled,
               f"{run.peak_rss_mb:.0f}", f"{extra:.2f}", f"{run.cpu:.1f}"]
        print("| " + " | ".join(str(cell) for cell in row) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
