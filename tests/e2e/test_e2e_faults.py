"""Issue 4, "Done when": apply converges through transient faults and lost answers, paces itself
under a rate limit, warns about the daily quota, and fails only what must fail.

Every test runs the installed ``ghlsync`` against ``ghlsync sandbox serve`` over real HTTP.
Retry backoff is shortened with GHLSYNC_RETRY_BACKOFF and the sandbox's rate window is scaled
down, so that the suite measures behaviour, not waiting.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import (
    AGENCY_TOKEN,
    BUSINESSES,
    LOCATION,
    OWNER_ASSOCIATION,
    Result,
    Served,
    owner_config,
    relations_yaml,
    run_ghlsync,
    serve_sandbox,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy

FAST_RETRIES = {"GHLSYNC_RETRY_BACKOFF": "0.02"}
SEEDS = (1, 2, 3, 4)
TRANSIENT = {"429", "500", "502", "503", "504"}
PLANNED_DELETE = re.compile(r"^  - relation (\w+)\[(\S+) -> (\S+)\]$", re.MULTILINE)
LOG_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (\S+) (\S+) (\d+)ms$", re.MULTILINE)

ASSOCIATIONS = OWNER_ASSOCIATION + """\
  - key: property_agent
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Agent}
  - key: car_driver
    first: {object: custom_objects.car, label: Car}
    second: {object: contact, label: Driver}
"""


OBJECTS = """
objects:
  custom_objects.property:
    labels: {singular: Property, plural: Properties}
    primary_property: {key: address, name: Address, type: TEXT}
    searchable: [address, mls]
    fields:
      mls: {name: MLS, type: TEXT, folder: Listing}
      rooms: {name: Rooms, type: NUMERICAL, folder: Listing}
      status: {name: Status, type: RADIO, options: [Active, Sold]}
  custom_objects.car:
    labels: {singular: Car, plural: Cars}
    primary_property: {key: plate, name: Plate, type: TEXT}
    fields:
      colour: {name: Colour, type: TEXT}
  contact:
    fields:
      budget: {name: Budget, type: MONETORY}
"""


OWNERS = [(f"p{i % 6}", f"c{i}") for i in range(30)]
AGENTS = [(f"p{i % 6}", f"a{i}") for i in range(10)]
DRIVERS = [(f"car{i % 4}", f"d{i}") for i in range(16)]
EMPLOYERS = [(f"b{i % 2}", f"c{i}") for i in range(6)]
DECLARED = {"property_owner": OWNERS, "property_agent": AGENTS, "car_driver": DRIVERS}
CONFIG = f"version: 1\nlocation: {LOCATION}\n{ASSOCIATIONS}{OBJECTS}" + relations_yaml(
    {**DECLARED, BUSINESSES: EMPLOYERS}
)
# Live before the run: some declared relations, undeclared ones in scope (to be pruned)
# and undeclared ones out of scope (to be left alone).
KEPT = {"property_owner": OWNERS[:14], "car_driver": DRIVERS[:8]}
TO_PRUNE = {
    "property_owner": [("p0", "c900"), ("p1", "c901"), ("p2", "c902")],
    "car_driver": [("car0", "d900"), ("car1", "d901")],
    BUSINESSES: [("b9", "c3")],
}
OUT_OF_SCOPE = {
    "property_owner": [("p90", "c990"), ("p91", "c991")],
    "car_driver": [("car90", "d990")],
    BUSINESSES: [("b990", "c990")],
}


@dataclass
class Attempts:
    """What the ``-v`` log of one run says about its requests."""

    total: int
    transient: int
    lost: int
    statuses: Counter[str]

    @classmethod
    def of(cls, result: Result) -> Attempts:
        outcomes = [match.group(3) for match in LOG_LINE.finditer(result.stderr)]
        return cls(
            total=len(outcomes),
            transient=sum(1 for o in outcomes if o in TRANSIENT),
            lost=sum(1 for o in outcomes if not o.isdigit()),
            statuses=Counter(outcomes),
        )


def _set_faults(served: Served, **settings: Any) -> None:
    with served.api() as api:
        answer = api.put("/_sandbox/faults", json=settings)
    assert answer.status_code == 200, answer.text


def _location(served: Served) -> dict[str, Any]:
    location: dict[str, Any] = served.state_dump()["locations"][LOCATION]
    return location


def _relation_triples(location: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    keys = {a["id"]: a["key"] for a in location["associations"]}
    return {
        r["id"]: (keys[r["associationId"]], r["firstRecordId"], r["secondRecordId"])
        for r in location["relations"]
    }


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """An empty sandbox: the objects are made here as OBJECTS declares them."""
    yield from serve_sandbox(tmp_path)


def _create_objects(api: httpx.Client) -> None:
    """The two custom objects as OBJECTS declares them (GHL joins existing objects only)."""
    for key, singular, plural, primary in (
        ("custom_objects.property", "Property", "Properties", ("address", "Address")),
        ("custom_objects.car", "Car", "Cars", ("plate", "Plate")),
    ):
        body = {"locationId": LOCATION, "key": key,
                "labels": {"singular": singular, "plural": plural},
                "primaryDisplayPropertyDetails": {
                    "key": f"{key}.{primary[0]}", "name": primary[1], "dataType": "TEXT"}}
        headers = {"Authorization": f"Bearer {AGENCY_TOKEN}"}
        answer = api.post("/objects/", json=body, headers=headers)
        assert answer.status_code == 201, answer.text


def _create_associations(served: Served) -> dict[str, str]:
    ids = {BUSINESSES: served.associations()[BUSINESSES]["id"]}
    with served.api() as api:
        _create_objects(api)
        for key, first, second in (
            ("property_owner", ("custom_objects.property", "Property"), ("contact", "Owner")),
            ("property_agent", ("custom_objects.property", "Property"), ("contact", "Agent")),
            ("car_driver", ("custom_objects.car", "Car"), ("contact", "Driver")),
        ):
            body = {
                "locationId": LOCATION,
                "key": key,
                "firstObjectKey": first[0],
                "firstObjectLabel": first[1],
                "secondObjectKey": second[0],
                "secondObjectLabel": second[1],
            }
            answer = api.post("/associations/", json=body)
            assert answer.status_code == 201, answer.text
            ids[key] = answer.json()["id"]
    return ids


def _create_relations(served: Served, ids: dict[str, str], *groups: dict[str, Any]) -> None:
    with served.api() as api:
        for group in groups:
            for key, pairs in group.items():
                for first, second in pairs:
                    served.hold_pair(ids[key], first, second)
                    body = {
                        "locationId": LOCATION,
                        "associationId": ids[key],
                        "firstRecordId": first,
                        "secondRecordId": second,
                    }
                    answer = api.post("/associations/relations", json=body)
                    assert answer.status_code == 201, answer.text


def _prepare_location(served: Served) -> None:
    ids = _create_associations(served)
    _create_relations(served, ids, KEPT, TO_PRUNE, OUT_OF_SCOPE)
    write_config(served.workdir, CONFIG)


def _expected_triples() -> set[tuple[str, str, str]]:
    declared = {**DECLARED, BUSINESSES: EMPLOYERS}
    wanted = {(k, a, b) for k, pairs in declared.items() for a, b in pairs}
    return wanted | {(k, a, b) for k, pairs in OUT_OF_SCOPE.items() for a, b in pairs}


def _assert_no_duplicates(location: dict[str, Any]) -> None:
    keys = Counter(a["key"] for a in location["associations"])
    assert [k for k, n in keys.items() if n > 1] == []
    triples = Counter(
        (r["associationId"], r["firstRecordId"], r["secondRecordId"])
        for r in location["relations"]
    )
    assert [t for t, n in triples.items() if n > 1] == []
    schema = location["schema"]
    assert sorted(o["key"] for o in schema["objects"]) == [
        "custom_objects.car", "custom_objects.property"
    ]
    fields = Counter(f["fieldKey"] for f in schema["customFields"])
    assert [k for k, n in fields.items() if n > 1] == [] and len(fields) == 7
    assert [f["name"] for f in schema["customFieldFolders"]] == ["Listing"]


@pytest.mark.parametrize("seed", SEEDS)
def test_apply_converges_through_faults_and_lost_answers(served: Served, seed: int) -> None:
    _set_faults(served, rate_max=1000, rate_interval_ms=50)
    _prepare_location(served)
    before = _relation_triples(_location(served))
    _set_faults(served, fault_rate=0.2, lost_rate=0.1, seed=seed, latency_ms=1, jitter_ms=2,
                rate_max=1000, rate_interval_ms=50, send_retry_after=False)

    started = time.perf_counter()
    runs = [served.run("apply", "--auto-approve", "-v", env=FAST_RETRIES)]
    if runs[0].code != 0:
        runs.append(served.run("apply", "--auto-approve", "-v", env=FAST_RETRIES))
    elapsed = time.perf_counter() - started
    assert runs[-1].code == 0, runs[-1].stdout[-2000:] + runs[-1].stderr[-2000:]
    assert "Traceback" not in "".join(r.stderr for r in runs)

    location = _location(served)
    _assert_no_duplicates(location)
    after = _relation_triples(location)
    gone = {before[i] for i in before.keys() - after.keys()}
    planned_deletes = [set(PLANNED_DELETE.findall(run.stdout)) for run in runs]
    assert len(planned_deletes[0]) == sum(len(pairs) for pairs in TO_PRUNE.values())
    assert gone <= set().union(*planned_deletes)
    assert gone == {(k, a, b) for k, pairs in TO_PRUNE.items() for a, b in pairs}
    assert set(after.values()) == _expected_triples()

    with_faults = served.run("plan", "--detailed-exitcode", env=FAST_RETRIES)
    assert with_faults.code == 0 and with_faults.stdout.startswith("No changes."), with_faults
    if seed == SEEDS[0]:
        _set_faults(served, fault_rate=0.0, lost_rate=0.0)
        without_faults = served.run("plan", "--detailed-exitcode")
        assert without_faults.code == 0 and without_faults.stdout.startswith("No changes.")

    attempts = [Attempts.of(r) for r in runs]
    assert sum(a.transient + a.lost for a in attempts) > 0, "no fault was injected"
    print(
        f"\n[faults seed={seed}] apply runs={len(runs)} "
        f"attempts={sum(a.total for a in attempts)} "
        f"transient={sum(a.transient for a in attempts)} lost={sum(a.lost for a in attempts)} "
        f"time={elapsed:.2f}s"
    )


# -- rate limit and daily quota ---------------------------------------------------------------

RATE_PAIRS = 30
RATE_MAX, RATE_INTERVAL_MS = 50, 1000


def _disjoint_pairs(count: int) -> list[tuple[str, str]]:
    return [(f"p{i}", f"c{i}") for i in range(count)]


def test_a_rate_limited_apply_paces_itself(served: Served) -> None:
    """~150 requests under 50 per second: a handful of 429s at most, time close to N / rate."""
    _create_associations(served)
    write_config(served.workdir, owner_config(_disjoint_pairs(RATE_PAIRS)))
    started = time.perf_counter()
    assert served.run("plan").code == 0  # unpaced: the command's own cost on this machine now
    start_up = time.perf_counter() - started
    _set_faults(served, rate_max=RATE_MAX, rate_interval_ms=RATE_INTERVAL_MS)
    started = time.perf_counter()
    applied = served.run("apply", "--auto-approve", "-v")
    elapsed = time.perf_counter() - started
    assert applied.code == 0, applied.stderr[-2000:]
    attempts = Attempts.of(applied)
    ideal = attempts.total / (RATE_MAX / (RATE_INTERVAL_MS / 1000))
    print(
        f"\n[rate {RATE_MAX}/{RATE_INTERVAL_MS}ms] requests={attempts.total} "
        f"429s={attempts.statuses['429']} time={elapsed:.2f}s ideal={ideal:.2f}s"
    )
    # read (associations, both records of each pair), write, verify (one record per pair)
    assert attempts.total >= (2 * RATE_PAIRS + 1) + RATE_PAIRS + RATE_PAIRS
    assert attempts.statuses["429"] <= 3
    assert "daily quota" not in applied.stderr
    # The first window is free (a burst of RATE_MAX), so the floor is one window less;
    # the ceiling allows 15 % plus the command's own start-up, measured rather than guessed
    # so that a loaded machine does not fail a pacer that is right.
    assert ideal - RATE_INTERVAL_MS / 1000 <= elapsed <= 1.15 * ideal + start_up + 0.5


def test_apply_warns_before_starting_when_the_daily_quota_is_short(served: Served) -> None:
    _create_associations(served)
    write_config(served.workdir, owner_config(_disjoint_pairs(10)))
    # reading the plan takes 21, and 20 record checks (one per record the creates name),
    # leaving 19: 10 + 10 > 19
    _set_faults(served, daily_max=60)
    pairs = _disjoint_pairs(10)
    served.hold({"custom_objects.property": [p for p, _ in pairs],
                 "contact": [c for _, c in pairs]})
    before = dump_location(served)

    refused = served.run("apply")  # no terminal: refuses after the warning
    assert refused.code == 1
    warning = refused.stderr.split("Warning: ", 1)[1]
    assert "needs about 20 requests (10 writes + 10 reads to verify)" in warning
    assert f"location {LOCATION} has only 19 left of its daily quota" in warning
    assert "nothing was changed" in refused.stderr
    assert dump_location(served) == before

    _set_faults(served, daily_max=1000)
    applied = served.run("apply", "--auto-approve")
    assert applied.code == 0 and "daily quota" not in applied.stderr


def dump_location(served: Served) -> str:
    return json.dumps(_location(served), sort_keys=True)


# -- partial failure --------------------------------------------------------------------------

PARTIAL = f"""
version: 1
location: {LOCATION}
associations:
  - key: property_owner
    first: {{object: custom_objects.property, label: Property}}
    second: {{object: contact, label: Owner}}
  - key: car_driver
    first: {{object: custom_objects.car, label: Car}}
    second: {{object: contact, label: Driver}}
relations:
  property_owner:
    - [p1, c1]
    - [p2, c2]
    - [p3, c3]
  car_driver:
    - [car1, c1]
    - [car2, c2]
"""
RECORDS = {
    "custom_objects.property": ["p1", "p2", "p3"],
    "custom_objects.car": ["car1", "car2"],
    "contact": ["c1", "c2", "c3"],
}


def _admin_post(served: Served, path: str, body: dict[str, Any]) -> None:
    with served.api() as api:
        answer = api.post(path, json=body)
    assert answer.status_code == 200, answer.text


def test_a_permanent_failure_fails_only_its_operation_and_dependants(served: Served) -> None:
    served.associations()  # seed the location, then enforce its records
    _admin_post(served, "/_sandbox/records", {"locationId": LOCATION, "records": RECORDS})
    # Right after apply reads the associations, someone creates car_driver differently.
    taken = {
        "locationId": LOCATION,
        "key": "car_driver",
        "firstObjectKey": "custom_objects.car",
        "firstObjectLabel": "Car",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Chauffeur",
    }
    request = {"method": "POST", "path": "/associations/", "json": taken}
    _admin_post(served, "/_sandbox/inject", {"after_requests": 1, "request": request})
    write_config(served.workdir, PARTIAL)

    applied = served.run("apply", "--auto-approve", hold_records=False)
    assert applied.code == 1
    assert "Traceback" not in applied.stderr
    failed, skipped = applied.stdout.split("Failed:\n")[1].split("Skipped:\n")
    assert 'association "car_driver": ' in failed and "already exists" in failed
    assert "relation car_driver[car1 -> c1]: association 'car_driver' was not created" in skipped
    assert "relation car_driver[car2 -> c2]" in skipped
    assert "Apply incomplete: 4 done, 1 failed, 2 not done." in applied.stdout
    assert "again converges" not in applied.stdout
    assert "Some failures are permanent" in applied.stdout
    assert "some operations failed or were skipped" in applied.stderr
    assert served.relations("c1") == {("property_owner", "p1", "c1")}
    assert served.relations("c2") == {("property_owner", "p2", "c2")}

    fixed = PARTIAL.replace("label: Driver", "label: Chauffeur")
    write_config(served.workdir, fixed)
    again = served.run("apply", "--auto-approve")
    assert again.code == 0, again.stdout + again.stderr
    assert "Apply complete! 2 added, 0 changed, 0 destroyed." in again.stdout
    assert served.run("plan", "--detailed-exitcode").stdout.startswith("No changes.")


# -- bad responses ----------------------------------------------------------------------------


def _wrap_relation_listings(exchange: Exchange) -> tuple[int, bytes] | None:
    if exchange.method == "GET" and exchange.path.startswith("/associations/relations/"):
        return 200, b'{"data": ' + exchange.body + b"}"
    return None


def test_a_misread_listing_never_causes_a_delete(served: Served) -> None:
    ids = _create_associations(served)
    _create_relations(served, ids, {"property_owner": [("p1", "c1"), ("p1", "c_undeclared")]})
    write_config(served.workdir, owner_config([("p1", "c1")]))
    assert "- relation property_owner[p1 -> c_undeclared]" in served.run("plan").stdout
    before = dump_location(served)

    with doctoring_proxy(served.url, _wrap_relation_listings) as (url, log):
        for command in (["plan"], ["apply", "--auto-approve", "--allow-destroy"]):
            result = run_ghlsync(served.workdir, *command, "--base-url", url)
            assert result.code == 1, result.stdout
            assert "Traceback" not in result.stderr
            assert "GET /associations/relations/" in result.stderr
            assert "relations" in result.stderr.split("GET /associations/relations/", 1)[1]
        assert set(log.methods()) == {"GET"}
    assert dump_location(served) == before
