"""The state file: one process at a time, and clear errors for hostile files and bodies."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sandbox_helpers import LOCATION, Api, make_client

from ghlsync.errors import UsageError
from ghlsync.plumbing import atomic
from ghlsync.sandbox import SandboxState, SandboxTransport, storage
from ghlsync.sandbox.storage import StateFileLock

pytestmark = pytest.mark.timeout(60)

WRITER = """
import sys, time
from pathlib import Path
import httpx
from ghlsync.sandbox import SandboxTransport
path, tag = Path(sys.argv[1]), sys.argv[2]
headers = {"Authorization": "Bearer t", "Version": "2021-07-28", "User-Agent": "t"}
transport = SandboxTransport.open(path)
with httpx.Client(transport=transport, base_url="https://s.invalid", headers=headers) as client:
    print("opened", flush=True)
    for n in range(10):
        body = {"locationId": "loc_test", "key": f"{tag}_{n}", "firstObjectKey": "contact",
                "firstObjectLabel": "A", "secondObjectKey": "business", "secondObjectLabel": "B"}
        assert client.post("/associations/", json=body).status_code == 201
        time.sleep(0.02)
"""


def test_two_processes_on_one_state_file_lose_no_write(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("left", "right")
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=50)
        assert writer.returncode == 0, errors
    keys = {a["key"] for a in json.loads(path.read_text())["locations"][LOCATION]["associations"]}
    assert {f"{tag}_{n}" for tag in ("left", "right") for n in range(10)} <= keys


def test_a_state_file_in_use_fails_clearly_after_the_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITER.replace("range(10)", "range(1)") +
         "\n    sys.stdin.readline()\n", str(path), "holder"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "opened"
    monkeypatch.setattr(storage, "LOCK_WAIT_SECONDS", 0.2)
    try:
        with pytest.raises(UsageError, match=r"busy.json is in use by another ghlsync process"):
            SandboxTransport.open(path)
    finally:
        holder.communicate("\n", timeout=20)
    assert holder.returncode == 0
    with make_client(SandboxTransport.open(path)) as client:
        assert "holder_0" in {a.get("key", a["id"]) for a in Api(client).associations()}


def test_the_lock_is_released_on_close_and_by_a_failed_open(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    SandboxTransport.open(path).close()
    path.write_text("{broken")
    with pytest.raises(UsageError, match="not valid JSON"):
        SandboxTransport.open(path)
    StateFileLock(path, wait_seconds=0).release()


def test_a_second_open_in_the_same_process_fails_at_once(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = SandboxTransport.open(path)
    try:
        with pytest.raises(UsageError, match="already open in this process"):
            SandboxTransport.open(path)
    finally:
        first.close()
    SandboxTransport.open(path).close()


def test_two_processes_through_a_symlink_and_the_real_name_lose_no_write(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real" / "shared.json"
    real.parent.mkdir()
    SandboxState().save(real)
    linked = tmp_path / "linked.json"
    linked.symlink_to(real)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path, tag in ((real, "left"), (linked, "right"))
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=50)
        assert writer.returncode == 0, errors
    assert linked.is_symlink()  # saved through the link, not over it
    keys = {a["key"] for a in json.loads(real.read_text())["locations"][LOCATION]["associations"]}
    assert {f"{tag}_{n}" for tag in ("left", "right") for n in range(10)} <= keys


def test_a_symlink_to_a_state_file_open_here_is_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = SandboxTransport.open(path)
    (tmp_path / "alias.json").symlink_to(path)
    try:
        with pytest.raises(UsageError, match="already open in this process"):
            SandboxTransport.open(tmp_path / "alias.json")
    finally:
        first.close()


def test_a_hard_linked_state_file_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    SandboxState().save(path)
    os.link(path, tmp_path / "twin.json")
    for name in ("state.json", "twin.json"):
        with pytest.raises(UsageError, match="has 2 hard links"):
            SandboxTransport.open(tmp_path / name)


def test_a_deeply_nested_state_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(UsageError, match=r"deep\.json is nested too deeply"):
        SandboxState.load(path)


def test_a_moderately_nested_state_file_is_an_invalid_state(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text(json.dumps({"locations": {"l": {"associations": [[[[[[[]]]]]]]}}}))
    with pytest.raises(UsageError, match="invalid sandbox state"):
        SandboxState.load(path)


def test_a_huge_state_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "MAX_STATE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"locations": {}, "padding": "x" * (1024 * 1024)}))
    with pytest.raises(UsageError, match=r"huge.json is larger than 1 MiB; refusing to load it"):
        SandboxState.load(path)


def test_a_deeply_nested_request_body_is_400_and_changes_nothing(api: Api) -> None:
    before = api.client.get("/_sandbox/state").json()
    body = b'{"locations": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    response = api.client.put(
        "/_sandbox/state", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Request body is nested too deeply"
    assert api.client.get("/_sandbox/state").json() == before


def test_writing_the_state_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "state.json"
    storage.write_json_atomically(path, {"a": [1]})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": [1]}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_a_failed_state_write_names_the_file_and_leaves_it_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_text("{}\n", encoding="utf-8")

    def disk_full(source: str, target: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(UsageError, match=f"cannot write sandbox state {path}: No space left"):
        storage.write_json_atomically(path, {"a": 1})
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_state_file_holding_a_lone_surrogate_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text('{"locations": {"l": {"associations": [{"key": "k\\ud800"}]}}}')
    with pytest.raises(UsageError, match=r"surrogate\.json is not valid text: .*lone surrogate"):
        SandboxState.load(path)
