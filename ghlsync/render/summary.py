"""The GitHub step summary: markdown appended to the file named by ``GITHUB_STEP_SUMMARY``.

Rendered on the job's page, so a reviewer sees the plan, the apply result or the diff without
opening the log. Nothing is written when the variable is unset or empty.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ghlsync.errors import UsageError
from ghlsync.plumbing.redaction import scrub

if TYPE_CHECKING:
    from ghlsync.engine.compare import Comparison
    from ghlsync.engine.executor import ApplyReport
    from ghlsync.values.plan import Plan

__all__ = [
    "STEP_SUMMARY_VARIABLE",
    "append_step_summary",
    "comparison_summary",
    "plan_summary",
    "report_summary",
]

STEP_SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"


def append_step_summary(
    markdown: str | Callable[[], str], environ: Mapping[str, str] = os.environ
) -> None:
    """Append ``markdown`` to the step summary file, when there is one; a callable is called
    only then (a plan's markdown is not rendered for nothing)."""
    name = environ.get(STEP_SUMMARY_VARIABLE)
    if not name:
        return
    text = markdown if isinstance(markdown, str) else markdown()
    try:
        with Path(name).open("a", encoding="utf-8") as summary:
            summary.write(scrub(text.rstrip("\n")) + "\n\n")
    except OSError as error:
        raise UsageError(f"cannot append to {STEP_SUMMARY_VARIABLE} ({name}): {error}") from error


def plan_summary(plan: Plan, title: str = "ghlsync plan") -> str:
    from ghlsync.render.markdown import render_markdown

    out = io.StringIO()
    render_markdown(plan, out)
    return f"## {title}\n\n{out.getvalue()}"


def report_summary(report: ApplyReport) -> str:
    """The apply result: each operation, then the closing lines of the report."""
    from ghlsync.render.report import outcome_line, report_lines

    operations = [outcome_line(o, color=False) for o in report.outcomes if not o.cut_off]
    closing = [line for line in report_lines(report, color=False) if line]
    return "## ghlsync apply\n\n" + _code_block([*operations, "", *closing])


def comparison_summary(comparison: Comparison) -> str:
    from ghlsync.render.comparison import render_comparison

    out = io.StringIO()
    render_comparison(comparison, out, color=False)
    return "## ghlsync diff\n\n" + _code_block(out.getvalue().splitlines())


def _code_block(lines: list[str]) -> str:
    body = "\n".join(lines).replace("```", "'''")
    return f"```\n{body}\n```\n"
