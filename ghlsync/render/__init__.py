"""Renderers of a plan: text (terminal), JSON (machines, plan files) and markdown (PRs)."""

from ghlsync.render.json import plan_from_dict, plan_to_dict, render_json
from ghlsync.render.markdown import render_markdown
from ghlsync.render.text import render_text

__all__ = ["plan_from_dict", "plan_to_dict", "render_json", "render_markdown", "render_text"]
