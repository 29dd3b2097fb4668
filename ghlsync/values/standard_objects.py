"""The objects every location has (GHL's standard objects), apart from the value classes.

``validate`` checks object keys against this set without loading ``values/objects.py``.
"""

from __future__ import annotations

__all__ = ["STANDARD_OBJECTS"]

STANDARD_OBJECTS = frozenset({"contact", "opportunity", "business"})
