"""The custom value and tag requests, and the sandbox's answers to them, conform to HighLevel's
official ``apps/locations.json``: documented paths and methods, bodies with exactly the
schema's properties (required ones present), answers with only documented properties."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from ghlsync.cli import main
from ghlsync.sandbox import SandboxTransport

SPEC = json.loads(
    (Path(__file__).resolve().parents[1] / "openapi" / "apps" / "locations.json").read_text()
)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agency" / "ghlsync.yaml"
_SETTINGS = re.compile(r"/locations/[^/]+/(customValues|tags)(/[^/]+)?")


def _route(path: str) -> str:
    family, item = _SETTINGS.fullmatch(path).groups()  # type: ignore[union-attr]
    suffix = ("/{id}" if family == "customValues" else "/{tagId}") if item else ""
    return f"/locations/{{locationId}}/{family}{suffix}"


def _schema(reference: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = SPEC["components"]["schemas"][reference["$ref"].rsplit("/", 1)[-1]]
    return schema


@pytest.fixture
def exchanges(monkeypatch: pytest.MonkeyPatch) -> list[tuple[httpx.Request, httpx.Response]]:
    seen: list[tuple[httpx.Request, httpx.Response]] = []
    handle = SandboxTransport.handle_request

    def recording(self: SandboxTransport, request: httpx.Request) -> httpx.Response:
        response = handle(self, request)
        seen.append((request, response))
        return response

    monkeypatch.setattr(SandboxTransport, "handle_request", recording)
    return seen


def test_custom_value_and_tag_traffic_matches_the_official_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exchanges: list[tuple[httpx.Request, httpx.Response]],
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "ghlsync.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRAND", "Acme")
    assert main(["apply", "--sandbox", "state.json", "--auto-approve"]) == 0
    pruning = (tmp_path / "ghlsync.yaml").read_text().replace("tags: false ", "tags: true  ")
    (tmp_path / "ghlsync.yaml").write_text(pruning.replace(", needs-callback]", "]"))
    assert main(["apply", "--sandbox", "state.json", "--auto-approve", "--allow-destroy"]) == 0
    settings = [(q, a) for q, a in exchanges if _SETTINGS.fullmatch(q.url.path)]
    assert {q.method for q, _ in settings} == {"GET", "POST", "DELETE"}
    for request, answer in settings:
        operation = SPEC["paths"][_route(request.url.path)][request.method.lower()]
        assert 200 <= answer.status_code < 300, answer.text
        assert str(answer.status_code) in operation["responses"]
        if "requestBody" in operation:
            body = _schema(operation["requestBody"]["content"]["application/json"]["schema"])
            sent = json.loads(request.content)
            assert set(body["required"]) <= set(sent) <= set(body["properties"])
        documented = _schema(
            operation["responses"][str(answer.status_code)]["content"]["application/json"]
            ["schema"]
        )
        assert set(answer.json()) <= set(documented["properties"])
