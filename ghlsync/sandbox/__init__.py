"""The embedded GHL sandbox: a simulated location server for the Associations API.

One simulator (:class:`Sandbox`), two ways in:

- in process: ``httpx.Client(transport=SandboxTransport.open(path), base_url=...)``; the state
  is loaded from ``path`` and saved back on ``close()`` when it changed;
- over HTTP: :func:`serve` on a loopback address (``ghlsync sandbox serve``).

It implements the ten association endpoints with GHL's paths, headers, shapes, errors,
pagination, rate-limit headers and 429s, cascading deletes, and optional faults (latency,
transient 500/502/503/429, lost answers of committed writes): see :class:`FaultSettings`.
The state file format is described in :mod:`ghlsync.sandbox.state`.

Admin endpoints, without auth, faults or rate limits (all JSON):

- ``GET /_sandbox/state``: the whole state, as stored in the file;
- ``PUT /_sandbox/state``: replace the whole state with the body (same format);
- ``POST /_sandbox/reset``: forget every location;
- ``GET /_sandbox/faults`` / ``PUT /_sandbox/faults``: read or change fault and rate-limit
  settings, e.g. ``{"fault_rate": 0.2, "seed": 7}`` (partial; reseeds; restarts rate counting);
- ``POST /_sandbox/records``: ``{"locationId": "...", "records": {"contact": ["c1"]}}`` makes
  relation creates in that location enforce those records; ``"records": null`` accepts any id;
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
