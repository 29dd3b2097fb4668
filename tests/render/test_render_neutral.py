"""Server strings in the text plan, the apply log and the console cannot forge lines, restyle the
terminal, reorder text or issue GitHub Actions workflow commands."""

from __future__ import annotations

import io

import pytest
from render_fixtures import sample_plan

from ghlsync.console import Console
from ghlsync.engine.executor import ApplyReport, Outcome, OutcomeStatus
from ghlsync.render.neutral import has_invisible, terminal, visible, workflow_safe
from ghlsync.render.report import outcome_line, report_lines
from ghlsync.render.text import render_text
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, Side

FORGED = "x\nPlan: 0 to add, 0 to change, 0 to destroy.\n::error::pwned\r\x1b[2J\u202eevil"
HOSTILE = [
    FORGED, "\x1b]8;;http://evil\x07link", "a\u2028b", "\x9b31m", "zero\u200bwidth",
    "\ufeffbom", "tag\U000e0041", "lone\ud800", "del\x7f", "\u2066isolate\u2069",
]


def _assert_inert(text: str) -> None:
    assert "\x1b" not in text and "\r" not in text and "\x9b" not in text
    assert not any(ch in text for ch in "\u202e\u2028\u200b\ufeff\U000e0041\ud800\x7f\u2066")
    assert "\n::" not in text and not text.startswith("::")
    assert sum(line.startswith("Plan: ") for line in text.split("\n")) <= 1


@pytest.mark.parametrize("hostile", HOSTILE)
def test_visible_leaves_no_control_or_invisible_character(hostile: str) -> None:
    shown = visible(hostile)
    assert shown.isprintable() and "\\" in shown


def test_ordinary_text_is_unchanged() -> None:
    text = "Propriété « villa » — 物件 🏠 a\\b \"q\" 'x' $1 #2"
    assert terminal(text) == text and workflow_safe(text) == text


def test_printable_ascii_is_taken_as_it_is_and_every_other_ascii_character_escaped() -> None:
    """The shortcut that skips the pattern for printable ASCII agrees with it on all of ASCII."""
    import re

    from ghlsync.render import neutral

    pattern = re.compile(neutral._INVISIBLE)
    for code in range(128):
        char = chr(code)
        assert visible(char) == pattern.sub(neutral._escape, char)
        assert has_invisible(char) == (pattern.search(char) is not None)
    assert visible("plain text, with [punctuation]!") == "plain text, with [punctuation]!"
    assert has_invisible("caf\u00e9\u200b") and not has_invisible("caf\u00e9")


@pytest.mark.parametrize(
    ("line", "safe"),
    [
        ("::error::x", "\\::error::x"),
        ("  ::set-output name=a::b", "  \\::set-output name=a::b"),
        ("ok\n::warning::y\n", "ok\n\\::warning::y\n"),
        ("a ::b", "a ::b"),
        ("##[error]x", "#\\#[error]x"),
    ],
)
def test_workflow_commands_are_defused_at_line_start(line: str, safe: str) -> None:
    assert workflow_safe(line) == safe


def _hostile_plan(value: str) -> object:
    live = AssociationValue("k", Side("contact", value), Side(value, "B"), "a9")
    after = AssociationValue("k", Side("contact", "A"), Side(value, "B"))
    association = AssociationChange(Action.UPDATE, live, after, value, None, limits=value)
    relation = RelationChange(
        Action.CREATE, None,
        RelationValue(value, RecordRef(value, value), RecordRef("c1")), value, None,
    )
    return sample_plan(
        location_id=value, environment=value, changes=(association, relation), warnings=(value,)
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_text_plan_prints_server_strings_inert(hostile: str) -> None:
    out = io.StringIO()
    render_text(_hostile_plan(hostile), out, color=False)  # type: ignore[arg-type]
    _assert_inert(out.getvalue())


def test_the_text_plan_with_colour_keeps_only_its_own_escapes() -> None:
    out = io.StringIO()
    render_text(_hostile_plan(FORGED), out, color=True)  # type: ignore[arg-type]
    assert "\x1b[2J" not in out.getvalue() and "\\x1b[2J" in out.getvalue()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_apply_log_and_report_print_server_details_inert(hostile: str) -> None:
    change = RelationChange(
        Action.CREATE, None, RelationValue(hostile, RecordRef(hostile), RecordRef("c")), "", None
    )
    done = Outcome(change, OutcomeStatus.DONE, created_id=hostile)
    failed = Outcome(change, OutcomeStatus.FAILED, detail=hostile, permanent=True)
    report = ApplyReport(outcomes=[done, failed], interrupted=False)  # type: ignore[call-arg]
    lines = [outcome_line(done, False), outcome_line(failed, False), *report_lines(report, False)]
    _assert_inert("\n".join(lines))


def test_console_errors_and_any_written_line_are_defused() -> None:
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err)
    console.error(f"2 problems:\nHTTP 400: {FORGED.replace(chr(10), ' ')}\n::error::")
    console.out.write("::set-output name=x::y\n")
    console.out.writelines(["ok\n", "::error::z\n"])
    _assert_inert(err.getvalue())
    assert err.getvalue().startswith("Error: 2 problems:\nHTTP 400: x Plan: ")
    assert out.getvalue() == "\\::set-output name=x::y\nok\n\\::error::z\n"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_doctor_prints_server_strings_inert(hostile: str) -> None:
    from ghlsync.engine.checkup import Check, Checkup, Status
    from ghlsync.render.checkup import render_checkup

    checks = (Check("system association", Status.NOTE, hostile, hostile),)
    out = io.StringIO()
    render_checkup(Checkup(hostile, checks, 1), out, color=False)
    _assert_inert(out.getvalue())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_diff_prints_server_strings_inert(hostile: str) -> None:
    from ghlsync.engine.compare import AssociationDifference, Comparison, DifferenceKind
    from ghlsync.render.comparison import render_comparison
    from ghlsync.values.state import LiveAssociation

    live = LiveAssociation(hostile, hostile, Side("contact", hostile), Side(hostile, hostile))
    difference = AssociationDifference(hostile, DifferenceKind.ONLY_IN_A, live, None)
    comparison = Comparison((hostile, "b"), (hostile, "l2"), associations=(difference,))
    out = io.StringIO()
    render_comparison(comparison, out, color=False)
    _assert_inert(out.getvalue())
