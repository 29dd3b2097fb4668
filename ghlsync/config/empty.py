"""Default factories for the models' empty lists and mappings.

Pydantic reads a default factory's signature when it builds a model; for the builtins
``list`` and ``dict`` that means parsing their text signatures (and compiling the tokenizer's
patterns), which ``validate`` paid on every start. Plain functions are read cheaply.
"""

from __future__ import annotations

from typing import Any

__all__ = ["empty_dict", "empty_list"]


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}
