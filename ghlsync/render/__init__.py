"""Everything ghlsync writes for people or machines to read, each a function onto a file handle.

Plans as text (terminal), JSON (machines, plan files) and markdown (pull requests); the
apply report; ``diff``'s comparison; Mermaid diagrams; the exported configuration file.
Colour comes from :mod:`ghlsync.render.colour` alone. A command imports this package, not its
modules: the names below load on first use.

The plan renderers are imported on first use: every command imports ``render.colour`` (and so
this package), and ``validate`` must not pay for the plan-file models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghlsync.plumbing.atomic import check_writable, write_text_atomically
    from ghlsync.plumbing.canonical_json import dump_json
    from ghlsync.render.checkup import checkup_to_dict, render_checkup, render_checkup_json
    from ghlsync.render.comparison import render_comparison
    from ghlsync.render.comparison_json import render_comparison_json
    from ghlsync.render.export_objects import export_objects_lines
    from ghlsync.render.export_sections import export_sections_text
    from ghlsync.render.export_yaml import export_document
    from ghlsync.render.json import plan_to_dict, render_json
    from ghlsync.render.markdown import render_markdown
    from ghlsync.render.mermaid import render_mermaid_for_plan
    from ghlsync.render.report import done_counts, report_document, write_report
    from ghlsync.render.summary import (
        append_step_summary,
        comparison_summary,
        plan_summary,
        report_summary,
    )
    from ghlsync.render.text import render_text

__all__ = [
    "append_step_summary",
    "check_writable",
    "checkup_to_dict",
    "comparison_summary",
    "done_counts",
    "dump_json",
    "export_document",
    "export_objects_lines",
    "export_sections_text",
    "plan_summary",
    "plan_to_dict",
    "render_checkup",
    "render_checkup_json",
    "render_comparison",
    "render_comparison_json",
    "render_json",
    "render_markdown",
    "render_mermaid_for_plan",
    "render_text",
    "report_document",
    "report_summary",
    "write_report",
    "write_text_atomically",
]

_HOMES = {
    "append_step_summary": "ghlsync.render.summary",
    "check_writable": "ghlsync.plumbing.atomic",
    "checkup_to_dict": "ghlsync.render.checkup",
    "comparison_summary": "ghlsync.render.summary",
    "done_counts": "ghlsync.render.report",
    "dump_json": "ghlsync.plumbing.canonical_json",
    "export_document": "ghlsync.render.export_yaml",
    "export_objects_lines": "ghlsync.render.export_objects",
    "export_sections_text": "ghlsync.render.export_sections",
    "plan_summary": "ghlsync.render.summary",
    "plan_to_dict": "ghlsync.render.json",
    "render_checkup": "ghlsync.render.checkup",
    "render_checkup_json": "ghlsync.render.checkup",
    "render_comparison": "ghlsync.render.comparison",
    "render_comparison_json": "ghlsync.render.comparison_json",
    "render_json": "ghlsync.render.json",
    "render_markdown": "ghlsync.render.markdown",
    "render_mermaid_for_plan": "ghlsync.render.mermaid",
    "render_text": "ghlsync.render.text",
    "report_document": "ghlsync.render.report",
    "report_summary": "ghlsync.render.summary",
    "write_report": "ghlsync.render.report",
    "write_text_atomically": "ghlsync.plumbing.atomic",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
