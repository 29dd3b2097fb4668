"""End-to-end fixtures: the installed ``ghlsync`` command against ``ghlsync sandbox serve``."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import write_records
from tests.e2e.file_records import file_records

GHLSYNC = str(Path(sys.executable).with_name("ghlsync"))
TOKEN = "pit-e2e-secret-0123456789abcdef"
AGENCY_TOKEN = "sandbox-agency-token"  # the one ``sandbox serve`` knows as the agency's
LOCATION = "loc_e2e"
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Version": "2021-07-28",
    "Accept": "application/json",
    "User-Agent": "ghlsync-e2e-tests",
}


@dataclass
class Served:
    url: str
    state: Path
    process: subprocess.Popen[str]
    workdir: Path

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        hold_records: bool = True,
        **kw: Any,
    ) -> Result:
        if hold_records:
            wanted = file_records(self.workdir, args)
            if wanted is not None and wanted[1]:
                self.hold(wanted[1], wanted[0])
        return run_ghlsync(
            self.workdir, *args, "--base-url", self.url, env=env, hold_records=False, **kw
        )

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=HEADERS, timeout=10)

    def associations(self, location: str = LOCATION) -> dict[str, dict[str, Any]]:
        with self.api() as api:
            answer = api.get(
                "/associations/", params={"locationId": location, "skip": 0, "limit": 100}
            )
        answer.raise_for_status()
        return {a.get("key", a["id"]): a for a in answer.json()["associations"]}

    def relations(self, record: str, location: str = LOCATION) -> set[tuple[str, str, str]]:
        keys = {a["id"]: k for k, a in self.associations(location).items()}
        with self.api() as api:
            answer = api.get(
                f"/associations/relations/{record}",
                params={"locationId": location, "skip": 0, "limit": 100},
            )
        answer.raise_for_status()
        return {
            (keys[r["associationId"]], r["firstRecordId"], r["secondRecordId"])
            for r in answer.json()["relations"]
        }

    def hold(self, records: dict[str, list[str]], location: str = LOCATION) -> None:
        """Make the location hold these records too (it refuses relations to others)."""
        body = {"locationId": location, "records": records, "add": True}
        with self.api() as api:
            api.post("/_sandbox/records", json=body).raise_for_status()

    def hold_pair(
        self, association_id: str, first: str, second: str, location: str = LOCATION
    ) -> None:
        """Make the location hold both records, of the association's side objects."""
        with self.api() as api:
            api.post("/_sandbox/records", json={"locationId": location, "records": {}, "add": True})
        state = self.state_dump()["locations"][location]
        (found,) = [a for a in state["associations"] if a["id"] == association_id]
        records: dict[str, list[str]] = {}
        for side, record in (("first", first), ("second", second)):
            records.setdefault(found[f"{side}ObjectKey"], []).append(record)
        self.hold(records, location)

    def load_state(self, path: Path) -> None:
        """Replace the sandbox's state with a state file's (an example's seed)."""
        with self.api() as api:
            api.put("/_sandbox/state", json=json.loads(path.read_text())).raise_for_status()

    def state_dump(self) -> Any:
        with self.api() as api:
            return api.get("/_sandbox/state").json()


PATIENCE = 60
"""Seconds a test waits for what takes a fraction of a second on an idle machine (a server
starting, a request reaching a proxy): only a ceiling for a hang, which a busy machine may need."""

STOP_SECONDS = 2.0
"""Writes stop within 2 s of SIGTERM or Ctrl-C (README, exit codes 130 and 143)."""


def stop_bound() -> float:
    """``STOP_SECONDS`` plus what starting and ending a ``ghlsync`` that does nothing costs on
    this machine right now: beside other test workers (or a busy CI host) a process that stops
    at once still needs longer to exit. Both stay far below the waits the tests hold."""
    started = time.perf_counter()
    subprocess.run([GHLSYNC, "--version"], capture_output=True, check=True, timeout=60)
    return STOP_SECONDS + time.perf_counter() - started


def command_cost(workdir: Path, *args: str) -> float:
    """Seconds ``ghlsync *args`` takes right now against a port that refuses at once: the
    command's own start-up and exit on this machine at this moment. A wall-time bound adds it
    rather than guessing it, so that other test workers or a busy CI host do not fail a command
    that did not wait."""
    with socket.socket() as held:  # bound, never listening: connections are refused
        held.bind(("127.0.0.1", 0))
        started = time.perf_counter()
        run_ghlsync(workdir, *args, "--base-url", f"http://127.0.0.1:{held.getsockname()[1]}")
        return time.perf_counter() - started


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_ghlsync(
    workdir: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    hold_records: bool = True,
) -> Result:
    """Run the installed ghlsync; with ``--sandbox STATE`` the location first holds the
    records the file relates (``hold_records``; ``tests/e2e/file_records.py``)."""
    state = _option_value(args, "--sandbox")
    wanted = file_records(workdir, args) if hold_records and state else None
    if state is not None and wanted is not None and wanted[1]:
        write_records(workdir / state, *wanted)
    inherited = ("GHL", "FORCE_COLOR", "GITHUB_STEP_SUMMARY")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    environment.update({"GHL_TOKEN": TOKEN, "GHL_AGENCY_TOKEN": AGENCY_TOKEN, "NO_COLOR": "1"})
    environment.update(env or {})
    done = subprocess.run(
        [GHLSYNC, *args],
        cwd=workdir,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=2 * PATIENCE,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def _option_value(args: tuple[str, ...], name: str) -> str | None:
    return next((args[i + 1] for i in range(len(args) - 1) if args[i] == name), None)


def write_config(workdir: Path, body: str, name: str = "ghlsync.yaml") -> Path:
    path = workdir / name
    path.write_text(textwrap.dedent(body).lstrip())
    return path


SEEDED_OBJECTS = ("property", "car", "listing", "thing")
SEEDED_LOCATIONS = (LOCATION, "loc_prod", "loc_other", "loc_stg", "loc_prd", "loc_x", "loc_nk_stg",
                    "loc_nk_prd", "loc_graph", "loc_export")


def seeded_state(locations: tuple[str, ...] = SEEDED_LOCATIONS) -> dict[str, Any]:
    """Locations holding the custom objects the tests' associations join (GHL refuses an
    association to an object that does not exist); ``mls_number`` is searchable."""
    objects = [
        {"id": f"obj_{name}", "key": f"custom_objects.{name}", "standard": False,
         "type": "USER_DEFINED", "labels": {"singular": name.title(), "plural": f"{name}s"},
         "primaryDisplayProperty": f"custom_objects.{name}.name"}
        for name in SEEDED_OBJECTS
    ]
    searchable = {"custom_objects.property": ["custom_objects.property.mls_number"]}
    fields = [
        {"id": f"fld_{name}_{prop}", "objectKey": f"custom_objects.{name}",
         "fieldKey": f"custom_objects.{name}.{prop}", "name": prop.replace("_", " ").title(),
         "dataType": "TEXT"}
        for name in SEEDED_OBJECTS for prop in ("name", "mls_number") if name == "property"
        or prop == "name"
    ]
    schema = {"objects": objects, "searchableProperties": searchable, "customFields": fields}
    return {"version": 1, "next_id": 1,
            "locations": {location: {"schema": schema} for location in locations}}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from serve_sandbox(tmp_path, seed=True)


def serve_sandbox(tmp_path: Path, *options: str, seed: bool = False) -> Iterator[Served]:
    """Run ``ghlsync sandbox serve`` (with these extra options) until the generator closes;
    with ``seed``, on a state whose locations hold the custom objects (``seeded_state``)."""
    state = tmp_path / "sandbox-state.json"
    if seed:
        state.write_text(json.dumps(seeded_state()))
    process = subprocess.Popen(
        [GHLSYNC, "sandbox", "serve", "--state", str(state), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], PATIENCE)
    line = process.stdout.readline() if ready else ""
    match = re.search(r"http://[\w.:\[\]]+", line)
    if match is None:
        process.kill()
        error = process.stderr.read() if process.stderr else ""
        pytest.fail(f"sandbox did not start: {line!r} {error}")
    try:
        yield Served(match.group(0), state, process, tmp_path)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def silent_port() -> Iterator[tuple[str, socket.socket]]:
    """A loopback port that records whether anything connected to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", listener
    finally:
        listener.close()


def was_contacted(listener: socket.socket) -> bool:
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True)


def run_on_terminal(served: Served, args: list[str], answer: str) -> tuple[int, str]:
    """Run ghlsync on a pseudo-terminal, answer its approval prompt, return (code, output)."""
    inherited = ("GHL", "FORCE_COLOR", "GITHUB_STEP_SUMMARY")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    environment.update({"GHL_TOKEN": TOKEN, "NO_COLOR": "1"})
    wanted = file_records(served.workdir, args)
    if wanted is not None and wanted[1]:
        served.hold(wanted[1], wanted[0])
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [GHLSYNC, *args, "--base-url", served.url],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=served.workdir,
        env=environment,
    )
    os.close(terminal)
    seen = _read_until(controller, b"Only 'yes' will be accepted:")
    os.write(controller, answer.encode() + b"\n")
    seen += _read_until(controller, None)
    os.close(controller)
    return process.wait(timeout=30), seen.decode(errors="replace")


def _read_until(controller: int, marker: bytes | None) -> bytes:
    seen = b""
    while marker is None or marker not in seen:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            raise AssertionError(f"no output from the terminal; so far: {seen!r}")
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


OWNER_ASSOCIATION = """associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
"""


BUSINESSES = "BUSINESSES_CONTACTS_ASSOCIATION"
"""The SYSTEM_DEFINED association of every location: business first, contact second."""


def relations_yaml(groups: dict[str, list[tuple[str, str]]]) -> str:
    """A ``relations:`` section listing these [first, second] pairs under their keys."""
    lines = ["relations:"]
    for key, pairs in groups.items():
        lines.append(f"  {key}:")
        lines.extend(f"    - [{first}, {second}]" for first, second in pairs)
    return "\n".join(lines) + "\n"


def owner_config(pairs: list[tuple[str, str]]) -> str:
    """A file declaring ``property_owner`` and these [property, contact] relations of it."""
    header = f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}"
    return header + relations_yaml({"property_owner": pairs})
