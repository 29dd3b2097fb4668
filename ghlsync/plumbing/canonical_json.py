"""The one canonical JSON text ghlsync writes (plans, reports, schemas): sorted keys, ASCII,
two-space indent, a final newline; identical values give identical bytes."""

from __future__ import annotations

import json

__all__ = ["dump_json"]


def dump_json(data: object) -> str:
    """The canonical text form used for plans and their schema."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
