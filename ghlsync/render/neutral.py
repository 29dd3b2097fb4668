"""Making strings from a server (or a file) inert where they leave ghlsync as text.

One helper per output kind, each used wherever that kind is written (docs/design.md, "Output
boundaries"):

- :func:`terminal`: a value inside a line of the text plan, the apply log, doctor or an error
  message. Control characters (ANSI escapes, newlines, carriage returns), bidi overrides and
  other invisible format characters become visible escapes (``\\u202e``), so a value can
  neither start a line of its own (a forged ``Plan:`` line) nor restyle or reorder the
  terminal.
- :func:`workflow_safe`: every line the console writes. A line that would start with ``::``
  (a GitHub Actions workflow command such as ``::error`` or ``::set-output``), or that carries
  the legacy ``##[`` marker, is defused.
- Markdown and Mermaid have their own helpers next to their renderers (``render/markdown.py``
  ``_text``/``_code``, ``render/mermaid.py`` :func:`~ghlsync.render.mermaid.mermaid_text`);
  both start from :func:`visible`.
"""

from __future__ import annotations

import functools
import re

__all__ = ["has_invisible", "terminal", "visible", "workflow_safe"]

# Cc (C0, DEL, C1), Cf (format: bidi controls, zero-width characters, soft hyphen, BOM, tags,
# interlinear annotation), Zl/Zp (line and paragraph separators), and lone surrogates.
_INVISIBLE = (
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Compiled on first need: printable ASCII (most text) never needs it, and compiling it
    costs every start of the command line (``ghlsync validate``) about five million
    instructions."""
    return re.compile(_INVISIBLE)


def _printable_ascii(text: str) -> bool:
    """No character of the class above can be in it (its ASCII ones are not printable)."""
    return text.isascii() and text.isprintable()


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds an invisible or control character."""
    return not _printable_ascii(text) and _invisible().search(text) is not None


_WORKFLOW_COMMAND = r"(?m)^([ \t]*):(?=:)"
"""Compiled on first use (``re``'s cache): most runs print no ``::``."""
_LEGACY_COMMAND = "##["


def visible(text: str) -> str:
    """``text`` with every invisible or control character written as ``\\xNN`` / ``\\uNNNN``."""
    if _printable_ascii(text):
        return text
    return _invisible().sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """A server or file string made safe to print inside one line of terminal or CI output."""
    return visible(text)


def workflow_safe(text: str) -> str:
    """``text`` with no line that a GitHub Actions runner would read as a workflow command."""
    if "::" not in text and _LEGACY_COMMAND not in text:
        return text
    defused = re.sub(_WORKFLOW_COMMAND, lambda match: f"{match.group(1)}\\:", text)
    return defused.replace(_LEGACY_COMMAND, "#\\#[")
