"""Everything ghlsync writes for people or machines to read, each a function onto a file handle.

Plans as text (terminal), JSON (machines, plan files) and markdown (pull requests); the
apply report; ``diff``'s comparison; Mermaid diagrams; the exported configuration file.
Colour comes from :mod:`ghlsync.render.colour` alone.

The plan renderers are imported on first use: every command imports ``render.colour`` (and so
this package), and ``validate`` must not pay for the plan-file models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghlsync.render.json import plan_to_dict, render_json
    from ghlsync.render.markdown import render_markdown
    from ghlsync.render.text import render_text

__all__ = ["plan_to_dict", "render_json", "render_markdown", "render_text"]

_HOMES = {
    "plan_to_dict": "ghlsync.render.json",
    "render_json": "ghlsync.render.json",
    "render_markdown": "ghlsync.render.markdown",
    "render_text": "ghlsync.render.text",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
