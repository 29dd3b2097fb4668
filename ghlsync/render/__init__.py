"""Everything ghlsync writes for people or machines to read, each a function onto a file handle.

Plans as text (terminal), JSON (machines, plan files) and markdown (pull requests); the
apply report; ``diff``'s comparison; Mermaid diagrams; the exported configuration file.
Colour comes from :mod:`ghlsync.render.colour` alone.
"""

from ghlsync.render.json import plan_to_dict, render_json
from ghlsync.render.markdown import render_markdown
from ghlsync.render.text import render_text

__all__ = ["plan_to_dict", "render_json", "render_markdown", "render_text"]
