"""``ghlsync doctor``'s findings: one line per check (text), or one JSON document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ghlsync.render.colour import Role, paint
from ghlsync.render.json import dump_json
from ghlsync.render.neutral import terminal

if TYPE_CHECKING:
    from ghlsync.engine.checkup import Check, Checkup

__all__ = ["checkup_to_dict", "render_checkup", "render_checkup_json"]

_ROLES = {"ok": Role.SUCCESS, "warn": Role.WARNING, "FAIL": Role.ERROR}
_WIDTH = len("FAIL")


def render_checkup(checkup: Checkup, out: TextIO, *, color: bool = False) -> None:
    out.write(f"ghlsync doctor: location {terminal(checkup.location_id)}\n\n")
    for check in checkup.checks:
        out.write(_line(check, color))
    out.write(f"\n{_summary(checkup)}\n")


def _line(check: Check, color: bool) -> str:
    status = check.status.value
    role = _ROLES.get(status)
    shown = paint(status.ljust(_WIDTH), role, color) if role else status.ljust(_WIDTH)
    fix = f"\n{' ' * (_WIDTH + 2)}-> {terminal(check.fix)}" if check.fix else ""
    return f"{shown}  {terminal(f'{check.topic}: {check.message}')}{fix}\n"


def _summary(checkup: Checkup) -> str:
    counts = checkup.counts()
    tally = f"{counts['ok']} ok, {counts['warn']} warn, {counts['FAIL']} failed"
    verdict = "ready for ghlsync plan" if checkup.passed else "fix the FAIL lines first"
    noun = "request" if checkup.requests == 1 else "requests"
    return f"Doctor: {tally} ({checkup.requests} {noun}): {verdict}."


def checkup_to_dict(checkup: Checkup) -> dict[str, Any]:
    checks = [
        {"topic": c.topic, "status": c.status.value, "message": c.message, "fix": c.fix or None}
        for c in checkup.checks
    ]
    summary = {"passed": checkup.passed, "requests": checkup.requests, **checkup.counts()}
    return {"location": checkup.location_id, "checks": checks, "summary": summary}


def render_checkup_json(checkup: Checkup, out: TextIO) -> None:
    out.write(dump_json(checkup_to_dict(checkup)))
