"""Checking a request against HighLevel's official OpenAPI operation (files in tests/openapi/).

A request conforms when its path names an official operation, its query names only the
operation's query parameters (the required ones present), and its JSON body validates against
the operation's request schema with no property the schema does not list. What real locations
accept beyond the official files is listed once, in
:data:`ghlsync.sandbox.request_rules.DOCUMENTED_EXCEPTIONS` and
:data:`ghlsync.sandbox.request_rules.MISTYPED_IN_SPEC`.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft7Validator

from ghlsync.sandbox.request_rules import (
    DOCUMENTED_EXCEPTIONS,
    MISTYPED_IN_SPEC,
    Accepted,
)

OPENAPI = Path(__file__).parent / "openapi"
FILES = ("associations", "objects", "custom-fields", "locations", "contacts", "businesses",
         "opportunities")


@dataclass(frozen=True)
class Operation:
    method: str
    route: str  # the official path without its trailing slash
    spec: dict[str, Any]
    file: Path

    def query(self) -> dict[str, bool]:
        """Query parameter name -> required."""
        return {
            p["name"]: bool(p.get("required"))
            for p in self.spec.get("parameters", [])
            if p.get("in") == "query"
        }

    def body_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        media = content.get("application/json")
        return None if media is None else _inlined(media.get("schema", {}), self.file)


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: list[tuple[str, str]]
    body: object

    @classmethod
    def of(cls, request: httpx.Request) -> Recorded:
        content = request.read()
        body = json.loads(content) if content.strip() else None
        return cls(request.method, request.url.path, list(request.url.params.multi_items()), body)

    def shown(self) -> str:
        return f"{self.method} {self.path}"


@cache
def operations() -> tuple[Operation, ...]:
    found = []
    for name in FILES:
        path = OPENAPI / "apps" / f"{name}.json"
        document = json.loads(path.read_text())
        for route, methods in document["paths"].items():
            for method, spec in methods.items():
                if method in ("get", "post", "put", "delete"):
                    found.append(Operation(method.upper(), route.rstrip("/") or "/", spec, path))
    return tuple(sorted(found, key=lambda o: (o.route.count("{"), -len(o.route))))


def operation_of(method: str, path: str) -> Operation | None:
    trimmed = path.rstrip("/") or "/"
    for operation in operations():
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(operation.route))
        if operation.method == method and re.fullmatch(pattern, trimmed):
            return operation
    return None


def problems(request: Recorded) -> list[str]:
    """Why the official operation would refuse this request (empty when it conforms)."""
    operation = operation_of(request.method, request.path)
    if operation is None:
        return [f"{request.shown()}: no such official operation"]
    extra = DOCUMENTED_EXCEPTIONS.get((operation.method, operation.route), Accepted())
    found = _query_problems(request, operation, extra)
    return found + _body_problems(request, operation, extra)


def _query_problems(request: Recorded, operation: Operation, extra: Accepted) -> list[str]:
    allowed = operation.query()
    names = [name for name, _ in request.query]
    unknown = [n for n in dict.fromkeys(names) if n not in allowed and n not in extra.query]
    missing = [n for n, required in allowed.items() if required and n not in names]
    return [f"{request.shown()}: query {n!r} is not an official parameter" for n in unknown] + [
        f"{request.shown()}: required query {n!r} is missing" for n in missing
    ]


def _body_problems(request: Recorded, operation: Operation, extra: Accepted) -> list[str]:
    schema = operation.body_schema()
    if schema is None:
        return [] if request.body is None else [f"{request.shown()}: the operation has no body"]
    if not isinstance(request.body, dict):
        return [f"{request.shown()}: a JSON object body is required"]
    body = {k: v for k, v in request.body.items() if k not in extra.body}
    strict = _retyped(schema, MISTYPED_IN_SPEC.get((operation.method, operation.route), ()))
    strict["additionalProperties"] = False
    validator = Draft7Validator(strict)
    return [f"{request.shown()}: body {error.message}" for error in validator.iter_errors(body)]


def _retyped(schema: dict[str, Any], names: object) -> dict[str, Any]:
    strict = copy.deepcopy(schema)
    for name in names if isinstance(names, frozenset | tuple | set) else ():
        strict.get("properties", {}).get(name, {})["type"] = "string"
    return strict


def _inlined(schema: Any, file: Path, depth: int = 0) -> Any:
    """``schema`` with every ``$ref`` replaced by what it names (files relative to ``file``);
    OpenAPI's ``nullable`` as a JSON Schema null type."""
    if depth > 20:
        return {}
    if isinstance(schema, list):
        return [_inlined(item, file, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target, target_file = _resolve(schema["$ref"], file)
        return _inlined(target, target_file, depth + 1)
    inlined = {key: _inlined(value, file, depth) for key, value in schema.items()}
    if inlined.pop("nullable", False) and isinstance(inlined.get("type"), str):
        inlined["type"] = [inlined["type"], "null"]
    return inlined


def _resolve(reference: str, file: Path) -> tuple[Any, Path]:
    relative, _, fragment = reference.partition("#")
    target_file = (file.parent / relative).resolve() if relative else file
    node: Any = json.loads(target_file.read_text())
    for part in fragment.strip("/").split("/"):
        node = node[part]
    return node, target_file
