"""The GitHub step summary: appended when GITHUB_STEP_SUMMARY names a file, else nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_fixtures import sample_plan

from ghlsync.engine.executor import ApplyReport
from ghlsync.errors import UsageError
from ghlsync.render.summary import append_step_summary, plan_summary, report_summary


def test_appends_after_what_earlier_steps_wrote(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Build\n")
    append_step_summary("## ghlsync plan\n\ntext", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text() == "# Build\n## ghlsync plan\n\ntext\n\n"


def test_nothing_is_written_without_the_variable(tmp_path: Path) -> None:
    append_step_summary("text", {})
    append_step_summary("text", {"GITHUB_STEP_SUMMARY": ""})
    assert list(tmp_path.iterdir()) == []


def test_a_summary_given_as_a_function_is_rendered_only_when_it_is_written(
    tmp_path: Path,
) -> None:
    rendered: list[str] = []

    def markdown() -> str:
        rendered.append("plan")
        return "## ghlsync plan"

    append_step_summary(markdown, {})
    assert rendered == []
    summary = tmp_path / "summary.md"
    append_step_summary(markdown, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert (rendered, summary.read_text()) == (["plan"], "## ghlsync plan\n\n")


def test_an_unwritable_summary_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "summary.md"
    with pytest.raises(UsageError, match="cannot append to GITHUB_STEP_SUMMARY"):
        append_step_summary("text", {"GITHUB_STEP_SUMMARY": str(missing)})


def test_the_plan_is_the_markdown_comment_under_a_heading() -> None:
    text = plan_summary(sample_plan())
    assert text.startswith("## ghlsync plan\n\n")
    assert "3 to add" in text


def test_the_report_is_a_code_block() -> None:
    text = report_summary(ApplyReport())
    assert text.startswith("## ghlsync apply\n\n```\n") and text.endswith("```\n")
    assert "Apply complete! 0 added, 0 changed, 0 destroyed." in text
