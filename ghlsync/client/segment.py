"""The one check for a server string that will become a URL path segment.

Ids and keys read from a listing are later sent back in paths (``/custom-fields/{id}``,
``/objects/{key}``). A value such as ``..`` would be resolved by httpx against the path, so a
field rename would become ``PUT /locations/{locationId}``; ``/``, ``?``, ``#`` or ``%`` would
change which resource or query is meant. So such values are refused where they enter
(:func:`segment_problem`, called by the parsers) and again where a path is built
(:func:`path_segment`), in case one arrives by another road.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from ghlsync.errors import ApiError

__all__ = ["MAX_SEGMENT_LENGTH", "check_path", "path_segment", "segment_problem"]

MAX_SEGMENT_LENGTH = 200
_DOT_SEGMENTS = frozenset({"", ".", ".."})
_FORBIDDEN = re.compile(r"[/\\?#%]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 and C1 controls, DEL and lone surrogates (every id of a listing is checked: one search
each, not a step per character)."""


def segment_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id or key in a path, or None when it can."""
    if value.strip() in _DOT_SEGMENTS:
        return f"{value!r} is empty or a dot segment"
    if len(value) > MAX_SEGMENT_LENGTH:
        return f"it is {len(value)} characters long (at most {MAX_SEGMENT_LENGTH})"
    if _FORBIDDEN.search(value):
        return f"{value!r} contains one of / \\ ? # %"
    if _CONTROL.search(value):
        return f"{value!r} contains a control character"
    return None


def path_segment(value: str, method: str, route: str) -> str:
    """``value`` percent-encoded as one path segment of ``route``; refused when unsafe."""
    problem = segment_problem(value)
    if problem is not None:
        raise ApiError(method, route, None, f"refusing to send an id in the path: {problem}")
    return quote(value, safe="")


def check_path(path: str, method: str, route: str) -> None:
    """The last guard before sending: a built path with a dot or empty segment inside it,
    or a query or fragment marker, is refused whatever module built it."""
    pieces = path.split("/")[1:]
    inner = pieces[:-1] if pieces and pieces[-1] == "" else pieces
    for piece in inner:
        if unquote(piece) in _DOT_SEGMENTS or "?" in piece or "#" in piece:
            raise ApiError(method, route, None, f"refusing to send the unsafe path {path!r}")

