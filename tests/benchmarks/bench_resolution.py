"""Natural-key resolution: requests sent against the minimum, for 10, 1,000 and 10,000 keys.

Run as ``python tests/benchmarks/bench_resolution.py``: prints a markdown table. Each row
resolves N contact emails and N custom-object (``mls_number``) keys in an in-process sandbox
location holding 20,000 records of each object (200 pages of 100), through the real client
and pacer. ``minimum`` per object is min(keys, listing pages): one lookup per key, or one
listing. ``bound`` adds the one listing page read to learn ``total``.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass

from ghlsync.client import GhlClient, build_http_client
from ghlsync.client.records import PAGE_SIZE, RecordFinder
from ghlsync.plumbing.runner import TaskPool
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.values.resolution import KeyRequest, resolve_keys
from ghlsync.values.state import NaturalKey, Source

__all__ = ["ResolutionRun", "measure_resolution"]

LOCATION = "loc_bench"
PROPERTY = "custom_objects.property"
RECORDS_PER_OBJECT = 20_000
OBJECTS = ("contact", PROPERTY)


@dataclass
class ResolutionRun:
    keys: int
    requests: int
    minimum: int
    bound: int
    seconds: float


def _sandbox() -> Sandbox:
    sandbox = Sandbox(faults=FaultSettings(rate_max=10_000_000, daily_max=10_000_000))
    ids = {
        "contact": [f"c{i}" for i in range(RECORDS_PER_OBJECT)],
        PROPERTY: [f"p{i}" for i in range(RECORDS_PER_OBJECT)],
    }
    properties = {f"c{i}": {"email": f"user{i}@example.com"} for i in range(RECORDS_PER_OBJECT)}
    properties |= {f"p{i}": {"mls_number": f"MLS-{i:06d}"} for i in range(RECORDS_PER_OBJECT)}
    sandbox.state.location(LOCATION).set_records(ids, properties)
    return sandbox


def _requests(keys: int) -> list[KeyRequest]:
    step = RECORDS_PER_OBJECT // keys
    source = Source("bench.yaml", 1)
    contacts = [
        KeyRequest(f"c{i}", NaturalKey("contact", "email", f"user{i * step}@example.com"), source)
        for i in range(keys)
    ]
    villas = [
        KeyRequest(f"p{i}", NaturalKey(PROPERTY, "mls_number", f"MLS-{i * step:06d}"), source)
        for i in range(keys)
    ]
    return contacts + villas


def measure_resolution(keys: int) -> ResolutionRun:
    transport = SandboxTransport(_sandbox())
    with build_http_client("https://sandbox.invalid", "bench", transport=transport) as http:
        client = GhlClient(http, LOCATION, pool=TaskPool(8))
        started = time.perf_counter()
        resolved = resolve_keys(RecordFinder(client), _requests(keys), LOCATION)
        seconds = time.perf_counter() - started
    assert len(resolved) == keys * len(OBJECTS)
    pages = math.ceil(RECORDS_PER_OBJECT / PAGE_SIZE)
    minimum = len(OBJECTS) * min(keys, pages)
    bound = len(OBJECTS) * (min(keys, pages) + 1)
    return ResolutionRun(keys, client.stats.requests, minimum, bound, seconds)


def main() -> int:
    print("| keys per object | requests | minimum | bound (minimum + a page per object) "
          "| within bound | CPU+sandbox s |")
    print("|---:|---:|---:|---:|:---:|---:|")
    ok = True
    for keys in (10, 1_000, 10_000):
        run = measure_resolution(keys)
        within = run.requests <= run.bound
        ok = ok and within
        print(f"| {run.keys:,} | {run.requests:,} | {run.minimum:,} | {run.bound:,} "
              f"| {'yes' if within else 'NO'} | {run.seconds:.1f} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
