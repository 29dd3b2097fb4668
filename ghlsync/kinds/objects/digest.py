"""The live schema's part of a plan's ``live_digest``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ghlsync.values.objects import LiveObjects

__all__ = ["objects_digest_rows"]


def objects_digest_rows(schema: LiveObjects | None) -> dict[str, Any]:
    """Canonical rows of the objects asked for, their fields and folders; {} when none read."""
    if schema is None:
        return {}
    return {
        "objects": [asdict(schema.objects[k]) for k in sorted(schema.read) if k in schema.objects],
        "fields": [asdict(f) for _, f in sorted(schema.fields.items())],
        "folders": [asdict(f) for _, f in sorted(schema.folders.items())],
    }
