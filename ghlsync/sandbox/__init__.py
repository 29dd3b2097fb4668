"""The embedded GHL sandbox: a simulated location server for the GHL API ghlsync uses.

One simulator (:class:`Sandbox`), two ways in:

- in process: ``httpx.Client(transport=SandboxTransport.open(path), base_url=...)``; the state
  is loaded from ``path`` and saved back on ``close()`` when it changed;
- over HTTP: :func:`serve` on a loopback address (``ghlsync sandbox serve``).

It simulates GHL resources (associations and relations, custom objects and fields, records,
custom values, tags, the agency's endpoints), one module each in ``sandbox/resources/``, listed
once in :mod:`ghlsync.sandbox.registry` (:mod:`ghlsync.sandbox.resource` says what a resource
brings). It has GHL's paths, headers, shapes, errors, pagination, rate-limit headers and 429s,
cascading deletes, cardinality limits, and optional faults (latency, transient 500/502/503/429,
lost answers of committed writes): see :class:`FaultSettings`. New locations hold the two
standard SYSTEM_DEFINED associations of a real one. The state file format is described in
:mod:`ghlsync.sandbox.state`.

Choices where GHL's behaviour is undocumented:

- a relation create past an association's limit answers 400
  ``{"statusCode": 400, "message": "Association limit reached: ...", "error": "Bad Request"}``;
- equal labels on an association create or update answer 422 with
  ``message: ["Both object labels can not be same"]`` (an array, as for every 422);
- the answers' shape is switchable (``shape=captured|spec|wrapped|terse|minimal``, captured
  from real locations by default) and the token can be made to lack scopes
  (``missing_scopes=...``): see :mod:`ghlsync.sandbox.shapes`.

It is never friendlier than a real location: body and query properties an endpoint does not
list are refused (:mod:`ghlsync.sandbox.request_rules`), custom-field creates need
``parentId``, only the agency token (setting ``agency_token``) creates a custom object,
associations join existing objects only, record searches look at searchable properties only,
and field listings show standard fields (:mod:`ghlsync.sandbox.standard_fields`).

Security of the served sandbox: admin requests must name the loopback address and port the
server listens on in ``Host`` (defeats DNS rebinding), must not come from another ``Origin``,
and admin POST/PUT must be ``application/json`` (defeats cross-site form posts); see
:mod:`ghlsync.sandbox.guard`. A state file is used by one process at a time
(:mod:`ghlsync.sandbox.storage`).

Admin endpoints, without auth, faults or rate limits (all JSON):

- ``GET /_sandbox/state``: the whole state, as stored in the file;
- ``PUT /_sandbox/state``: replace the whole state with the body (same format; a body without
  ``locations`` is refused with 400 and changes nothing);
- ``POST /_sandbox/reset``: forget every location;
- ``GET /_sandbox/faults`` / ``PUT /_sandbox/faults``: read or change fault and rate-limit
  settings, e.g. ``{"fault_rate": 0.2, "seed": 7}`` (partial; reseeds; restarts rate counting);
- ``POST /_sandbox/associations``: ``{"locationId": "...", "association": {...}}`` adds any
  association in the state file's format (``id`` optional; SYSTEM_DEFINED allowed; limit and
  cardinality fields accepted, see :mod:`ghlsync.sandbox.entities`);
- ``POST /_sandbox/records``: ``{"locationId": "...", "records": {"contact": ["c1"]}}`` sets
  the records the location holds (relations may name only those); ``"records": null`` empties it;
  with ``"add": true`` the records are added to those it holds;
- ``POST /_sandbox/inject``: ``{"after_writes": N, "request": {"method": "POST", "path":
  "/associations/relations", "json": {...}, "params": {...}}}`` makes the sandbox perform that
  API request itself, once, right after the N-th write (``after_requests``: any API request)
  that reached the router; a change "behind the tool's back" mid-run (see
  :mod:`ghlsync.sandbox.inject`). ``GET /_sandbox/inject`` lists pending ones and the answers
  of performed ones;
- ``POST /_sandbox/shutdown`` (HTTP server only): flush the state and stop serving.
"""

from ghlsync.sandbox.app import Sandbox
from ghlsync.sandbox.faults import FaultSettings
from ghlsync.sandbox.server import serve
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.transport import SandboxTransport

__all__ = ["FaultSettings", "Sandbox", "SandboxState", "SandboxTransport", "serve"]
