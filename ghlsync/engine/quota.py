"""Will an apply fit in the location's daily request quota? (GHL: 200,000 per day.)

The estimate is the plan's write requests plus the reads that verify the result afterwards
(what the writes changed), each kind counting its own. It is compared with the last
``X-RateLimit-Daily-Remaining`` the server sent.
"""

from __future__ import annotations

from ghlsync.kinds.registry import KINDS, changes_of
from ghlsync.values.plan import Plan

__all__ = ["daily_quota_warning", "verification_reads", "write_requests"]


def write_requests(plan: Plan) -> int:
    """How many write requests applying ``plan`` sends: each kind counts its own (a
    replacement is a delete and a create; a new object with searchable properties is a create
    and an update)."""
    return sum(kind.write_requests(changes_of(kind, plan.changes)) for kind in KINDS)


def verification_reads(plan: Plan) -> int:
    """About how many reads verifying ``plan`` takes: each kind's re-reading of its changes."""
    return sum(kind.verification_reads(plan) for kind in KINDS)


def daily_quota_warning(
    plan: Plan, daily_remaining: int | None, verification_reads: int
) -> str | None:
    """A warning when the apply would need more requests than the day has left, else None."""
    if daily_remaining is None:
        return None
    writes = write_requests(plan)
    needed = writes + verification_reads
    if needed <= daily_remaining:
        return None
    return (
        f"this apply needs about {needed} requests ({writes} writes + {verification_reads} "
        f"reads to verify) but location {plan.location_id} has only {daily_remaining} left "
        "of its daily quota: it may stop partway; running `ghlsync apply` again once the "
        "quota resets converges"
    )
