"""Values from a server or a file made inert for markdown (a pull-request comment): no HTML,
no table cell break, no markup, one line, no mention, link or issue reference, no invisible
character (docs/design.md, "Output boundaries"). Every renderer that writes markdown uses
these; both start from :func:`~ghlsync.render.neutral.visible`."""

from __future__ import annotations

import re

from ghlsync.render.neutral import has_invisible, visible

__all__ = ["markdown_code", "markdown_text"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


_MARKDOWN_ACTIVE = re.compile(r"[\\`*~\[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


_CODE_SPAN_UNSAFE = re.compile(r"[`|<&\x00-\x1f\x7f\u2028\u2029]")
# What GitHub turns into mentions, links and references in comment text: @name, scheme:// and
# www. links, owner/repo#1 and #1, GH-1. A zero-width space (as an entity, visible in the
# source) after the trigger keeps the text and defuses it.
_GITHUB_ACTIVE = re.compile(
    r"@(?=[A-Za-z0-9])|(?<=[A-Za-z])(?=://)|(?i:\bwww)(?=\.)|#(?=\d)|(?i:\bGH)(?=-\d)"
)
_DEFUSE = "&#8203;"


def markdown_text(value: str) -> str:
    """``value`` as inert inline text: no HTML, no table cell break, no markup, one line, no
    mention, link or reference, no invisible character."""
    flat = visible(_CONTROL.sub(" ", value))
    escaped = "".join(_ENTITIES.get(char, char) for char in flat)
    marked_down = _MARKDOWN_ACTIVE.sub(lambda match: "\\" + match.group(0), escaped)
    return _GITHUB_ACTIVE.sub(lambda match: match.group(0) + _DEFUSE, marked_down)


def markdown_code(value: str) -> str:
    """``value`` in monospace: a code span when that is safe, else escaped ``<code>`` text."""
    safe = not _CODE_SPAN_UNSAFE.search(value) and not has_invisible(value)
    if value and safe and value.strip() == value:
        return f"`{value}`"
    return f"<code>{markdown_text(value)}</code>"


