"""Response-shape variants and simulated token scopes: the ways real locations differ.

The API's spec, public captures and webhook docs disagree on details of the answers, so the
sandbox can answer in any of these named shapes (``shape=NAME`` in the settings string,
``ghlsync sandbox serve --shape NAME``):

============  ======================================================================
``captured``  (default) as captured from real locations: SYSTEM_DEFINED associations
              without ``key``, labels or ``locationId`` (their ``id`` is their key);
              relations name their id ``relationId``; deleting a missing one answers
              400 ``Association not found`` / ``Relation not found``.
``spec``      friendlier: everything the spec and webhook docs list: SYSTEM_DEFINED
              associations with ``key``, labels and ``locationId``; relation ``id``;
              listings with ``total`` and ``traceId``; full bodies on writes; deleting
              a missing association or relation answers 404.
``wrapped``   like ``spec`` but single objects come wrapped (``{"association": {...}}``,
              ``{"relation": {...}}``) and listings carry no ``total`` nor ``traceId``.
``terse``     like ``captured``, listings without ``total``, and writes answer only the
              identifying fields (``{"id"}``, ``{"relationId"}``, ``{"deleted": true}``).
``minimal``   like ``terse``, listings without ``traceId`` and every write answers
              ``{"success": true}`` only.
============  ======================================================================

Scopes: ``missing_scopes=associations.write+associations/relation.readonly`` makes the token
lack those scopes; requests needing one answer 401 ``The token is not authorized for this
scope.`` as real locations do (not 403). Each resource of the registry names the scopes of its
paths (GETs need ``.readonly``, other methods ``.write``, record searches ``.readonly`` only;
``/associations/relations...`` paths need the ``associations/relation.*`` scopes); a path no
resource claims needs ``associations.readonly`` or ``.write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ghlsync.sandbox.registry import RESOURCES
from ghlsync.sandbox.wire import Call, Rejection

__all__ = [
    "SCOPES",
    "SHAPES",
    "Shape",
    "parse_scopes",
    "refuse_scope",
    "reshape",
    "reshape_rejection",
]

_RESOURCE_SCOPES = tuple(scopes for resource in RESOURCES for scopes in resource.scopes)
SCOPES = tuple(name for scopes in _RESOURCE_SCOPES for name in scopes.names)
_UNCLAIMED_SCOPES = ("associations.readonly", "associations.write")
SCOPE_MESSAGE = "The token is not authorized for this scope."
_SYSTEM_DETAILS = ("key", "firstObjectLabel", "secondObjectLabel", "locationId")


@dataclass(frozen=True, slots=True)
class Shape:
    system_details: bool = True
    relation_id_field: str = "id"
    listing_total: bool = True
    listing_trace: bool = True
    write_body: str = "full"
    wrap_single: bool = False
    missing_delete_status: int = 404


SHAPES: dict[str, Shape] = {
    "captured": Shape(system_details=False, relation_id_field="relationId",
                      missing_delete_status=400),
    "spec": Shape(),
    "wrapped": Shape(wrap_single=True, listing_total=False, listing_trace=False),
    "terse": Shape(system_details=False, relation_id_field="relationId", listing_total=False,
                   write_body="partial", missing_delete_status=400),
    "minimal": Shape(system_details=False, relation_id_field="relationId", listing_total=False,
                     listing_trace=False, write_body="success", missing_delete_status=400),
}


def reshape(shape: Shape, call: Call, payload: object) -> object:
    """A successful answer, in ``shape`` (the variants are of the association endpoints)."""
    if not isinstance(payload, dict) or not call.path.startswith("/associations"):
        return payload
    if "associations" in payload or "relations" in payload:
        return _reshape_listing(shape, payload)
    single = _reshape_object(shape, payload)
    if call.is_write and shape.write_body != "full":
        return _short_write_body(shape, single)
    return _wrap(shape, single)


def _reshape_listing(shape: Shape, payload: dict[str, Any]) -> dict[str, Any]:
    reshaped = {
        name: [_reshape_object(shape, item) for item in value] if isinstance(value, list) else value
        for name, value in payload.items()
    }
    if not shape.listing_total:
        reshaped.pop("total", None)
    if not shape.listing_trace:
        reshaped.pop("traceId", None)
    return reshaped


def _reshape_object(shape: Shape, item: dict[str, Any]) -> dict[str, Any]:
    if item.get("associationType") == "SYSTEM_DEFINED" and not shape.system_details:
        return {name: value for name, value in item.items() if name not in _SYSTEM_DETAILS}
    if _is_relation(item) and shape.relation_id_field != "id":
        renamed = {shape.relation_id_field: item["id"]}
        return renamed | {name: value for name, value in item.items() if name != "id"}
    return item


def _is_relation(item: dict[str, Any]) -> bool:
    return "associationId" in item and "firstRecordId" in item


def _short_write_body(shape: Shape, item: dict[str, Any]) -> dict[str, Any]:
    if shape.write_body == "success":
        return {"success": True}
    if "deleted" in item:
        return {"deleted": item["deleted"]}
    identifier = shape.relation_id_field if _is_relation(item) else "id"
    return {identifier: item.get(identifier, item.get("id"))}


def _wrap(shape: Shape, item: dict[str, Any]) -> dict[str, Any]:
    if not shape.wrap_single or "deleted" in item:
        return item
    return {"relation" if _is_relation(item) else "association": item}


def reshape_rejection(shape: Shape, call: Call, rejection: Rejection) -> Rejection:
    """An error answer, in ``shape``: repeated deletes may answer 400 instead of 404."""
    if call.method != "DELETE" or rejection.status != 404 or shape.missing_delete_status == 404:
        return rejection
    if not call.path.startswith("/associations/"):
        return rejection  # only the association endpoints were captured answering 400
    noun = "Relation" if call.path.startswith("/associations/relations/") else "Association"
    return Rejection(shape.missing_delete_status, f"{noun} not found")


def parse_scopes(text: str) -> frozenset[str]:
    """``a+b`` (or spaces) into a set of known scope names; ValueError naming an unknown one."""
    names = frozenset(text.replace("+", " ").split())
    unknown = sorted(names - set(SCOPES))
    if unknown:
        raise ValueError(f"unknown scope {unknown[0]!r} (known: {', '.join(SCOPES)})")
    return names


def refuse_scope(missing: frozenset[str], call: Call) -> Rejection | None:
    """401 when the token lacks the scope this request needs (that of the resource claiming
    its path; the associations' for a path none claims)."""
    claimed = (scopes.needed(call.path, call.method) for scopes in _RESOURCE_SCOPES)
    unclaimed = _UNCLAIMED_SCOPES[0 if call.method == "GET" else 1]
    needed = next((name for name in claimed if name is not None), unclaimed)
    return Rejection(401, SCOPE_MESSAGE) if needed in missing else None
