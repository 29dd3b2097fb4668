"""Keep web pages away from the served sandbox (``ghlsync sandbox serve``).

The admin endpoints (``/_sandbox/*``) have no auth, and the API endpoints accept any token:
anything that can reach them can replace, wipe or delete the state. Binding to loopback is
not enough against a browser, so every request (:func:`refuse_foreign_request`) must:

- name in ``Host`` the loopback address (or ``localhost``) and the port the server listens on;
  a DNS-rebinding page sends its own host name instead;
- carry no ``Origin``, or one with that same host and port; a cross-site page sends its own;

and each admin request (:func:`refuse_admin_request`) must also be ``application/json`` when
it is a POST or PUT; a cross-site HTML form can only send ``text/plain``,
``multipart/form-data`` or ``application/x-www-form-urlencoded``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

__all__ = ["allowed_hosts", "refuse_admin_request", "refuse_foreign_request"]


def allowed_hosts(bound_host: str, port: int) -> frozenset[str]:
    """The ``Host`` values that name this server: its address (and localhost) with its port."""
    names = {f"[{bound_host}]" if ":" in bound_host else bound_host}
    if _is_loopback(bound_host):
        names.add("localhost")
    return frozenset(f"{name}:{port}".lower() for name in names)


def refuse_admin_request(
    method: str, headers: Mapping[str, str], hosts: frozenset[str]
) -> str | None:
    """Why this admin request must be refused, or None when it may go on."""
    foreign = refuse_foreign_request(headers, hosts, "admin requests")
    if foreign is not None:
        return foreign
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if method in ("POST", "PUT") and content_type != "application/json":
        return f"admin {method} requests must be application/json (got {content_type!r})"
    return None


def refuse_foreign_request(
    headers: Mapping[str, str], hosts: frozenset[str], what: str = "requests"
) -> str | None:
    """Why a request naming another host or sent from another origin must be refused."""
    host = headers.get("Host", "").strip().lower()
    if host not in hosts:
        return f"{what} must be sent to {' or '.join(sorted(hosts))} (Host: {host!r})"
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in hosts}:
        return f"cross-site {what} are refused (Origin: {origin!r})"
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
