"""Is a saved plan still fresh? Planning again must give exactly it (docs/design.md,
"Saved plans"); an edited plan file therefore shows up as a difference and is refused."""

from __future__ import annotations

from ghlsync.engine.plan_document import plan_to_dict
from ghlsync.errors import StalePlanError
from ghlsync.values.plan import Plan

__all__ = ["check_same_plan"]

_NOTHING_CHANGED = "nothing was changed"
_REPLAN = "run `ghlsync plan --out` again and review it"
_SHOWN = 3


def check_same_plan(saved: Plan, fresh: Plan) -> None:
    """Refuse unless planning again gives exactly the saved plan."""
    saved_document, fresh_document = _comparable(saved), _comparable(fresh)
    if saved_document == fresh_document:
        return
    raise StalePlanError(
        f"saved plan is stale: planning again gives a different plan "
        f"({_difference(saved_document, fresh_document)}); {_REPLAN}; {_NOTHING_CHANGED}"
    )


def _comparable(plan: Plan) -> dict[str, object]:
    document = plan_to_dict(plan)
    document.pop("tool_version", None)
    return document


def _difference(saved: dict[str, object], fresh: dict[str, object]) -> str:
    if saved.get("live_digest") != fresh.get("live_digest"):
        return "the location changed since it was planned"
    saved_changes = _addresses(saved) - _addresses(fresh)
    fresh_changes = _addresses(fresh) - _addresses(saved)
    if saved_changes or fresh_changes:
        return "; ".join(
            _listed(label, addresses)
            for label, addresses in (("only saved", saved_changes), ("only now", fresh_changes))
            if addresses
        )
    differing = sorted(key for key in saved if saved[key] != fresh.get(key))
    return "it differs in " + ", ".join(differing)


def _addresses(document: dict[str, object]) -> set[str]:
    changes = document.get("changes")
    assert isinstance(changes, list)
    return {f"{change['action']} {change['address']}" for change in changes}


def _listed(label: str, addresses: set[str]) -> str:
    shown = sorted(addresses)[:_SHOWN]
    more = f" and {len(addresses) - _SHOWN} more" if len(addresses) > _SHOWN else ""
    return f"{label}: {', '.join(shown)}{more}"
