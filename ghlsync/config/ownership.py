"""``ignore`` and ``prevent_destroy``: what the file leaves to the location, per item
(README, "Ownership"). Each kind names the attributes it can ignore, so an attribute it does
not have is a validation error at ``FILE:LINE``."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ghlsync.config.empty import empty_list

__all__ = ["ignore_field", "prevent_destroy_field"]

_PREVENT_DESTROY = "true: a plan that would delete or replace this is an error, whatever the flags."


def ignore_field() -> Any:
    """The ``ignore`` key: attributes whose live value is kept (never overwritten)."""
    return Field(
        default_factory=empty_list,
        description="Attributes the location may change: their drift is shown, never "
        "overwritten.",
    )


def prevent_destroy_field() -> Any:
    return Field(default=False, description=_PREVENT_DESTROY)
