"""Values from a server or a file made inert for markdown (a pull-request comment): no HTML,
no table cell break, no markup, one line. Every renderer that writes markdown uses these."""

from __future__ import annotations

import re

__all__ = ["markdown_code", "markdown_text"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


_MARKDOWN_ACTIVE = re.compile(r"[\\`*~\[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


_CODE_SPAN_UNSAFE = re.compile(r"[`|<&\x00-\x1f\x7f\u2028\u2029]")


def markdown_text(value: str) -> str:
    """``value`` as inert inline text: no HTML, no table cell break, no markup, one line."""
    flat = _CONTROL.sub(" ", value)
    escaped = "".join(_ENTITIES.get(char, char) for char in flat)
    return _MARKDOWN_ACTIVE.sub(lambda match: "\\" + match.group(0), escaped)


def markdown_code(value: str) -> str:
    """``value`` in monospace: a code span when that is safe, else escaped ``<code>`` text."""
    if value and not _CODE_SPAN_UNSAFE.search(value) and value.strip() == value:
        return f"`{value}`"
    return f"<code>{markdown_text(value)}</code>"


