"""The pull-request comment: summary first, destructive callout, folding, size cap."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence

import pytest
from render_fixtures import sample_plan

from ghlsync.render.markdown import render_markdown
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    FieldChange,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, Side, Source


def rendered(plan: Plan, max_chars: int = 60_000, extra: Sequence[str] = ()) -> str:
    out = io.StringIO()
    render_markdown(plan, out, max_chars=max_chars, extra_sections=extra)
    return out.getvalue()


def relation_creates(count: int) -> tuple[RelationChange, ...]:
    return tuple(
        RelationChange(
            Action.CREATE,
            None,
            RelationValue("owner", RecordRef(f"rec_{i:06d}", "villa"), RecordRef(f"c_{i:06d}")),
            "not in location",
            None,
        )
        for i in range(count)
    )


def test_summary_comes_first() -> None:
    text = rendered(sample_plan())
    assert text.startswith(
        "**Plan:** 3 to add, 1 to change, 3 to destroy on location `loc_prd_456` (production).\n"
    )


def test_no_changes_is_said_first() -> None:
    text = rendered(sample_plan(changes=(), warnings=(), needs_allow_destroy=()))
    assert text.startswith("**No changes.**")
    assert "Destructive" not in text


def test_destructive_changes_are_called_out_before_the_lists() -> None:
    text = rendered(sample_plan())
    callout = text[text.index("**Destructive changes**") : text.index("### Associations")]
    assert "`association.car_driver` will be replaced (first.object changed)" in callout
    assert "GHL deletes its 42 relations" in callout
    assert "`association.old_link` will be deleted (not declared)" in callout
    assert "1 relation will be deleted" in callout
    assert "`--allow-destroy`" in callout
    assert "association.car_driver would be replaced" in callout


def test_changes_are_grouped_by_kind_with_their_sources() -> None:
    text = rendered(sample_plan())
    assert text.index("### Associations (4)") < text.index("### Relations to delete (1)")
    assert text.index("### Relations to delete (1)") < text.index("### Relations to create (1)")
    assert "| update | `association.student_teacher` |" in text
    assert "`ghlsync.yaml:11` |" in text
    assert (
        "| property_owner | sunset_villa (`77b1cc02`) | jane (`c_prd_9`) | `ghlsync.yaml:30` |"
        in text
    )
    assert "<details>" not in text


def test_long_lists_are_folded() -> None:
    text = rendered(sample_plan(changes=relation_creates(11)))
    assert "<details><summary>11 relations to create</summary>" in text
    assert text.rstrip().endswith("</details>")


def test_twenty_thousand_changes_stay_under_the_cap_and_say_what_was_cut() -> None:
    text = rendered(sample_plan(changes=relation_creates(20_000)))
    assert len(text) <= 60_000
    shown = text.count("| owner | villa")
    match = re.search(r"… and ([\d,]+) more relation changes not shown", text)
    assert match is not None and shown > 100
    assert shown + int(match.group(1).replace(",", "")) == 20_000
    assert "</details>" in text


def test_extra_sections_are_appended_within_the_cap() -> None:
    diagram = "```mermaid\ngraph LR\n  a --> b\n```"
    text = rendered(sample_plan(changes=relation_creates(20_000)), extra=[diagram])
    assert len(text) <= 60_000
    assert text.endswith(diagram + "\n\n")


def test_an_extra_section_too_big_to_fit_is_omitted_and_said() -> None:
    text = rendered(sample_plan(), max_chars=5_000, extra=["x" * 10_000])
    assert len(text) <= 5_000
    assert "x" * 100 not in text
    assert "A section was omitted" in text


def test_even_a_tiny_cap_is_respected() -> None:
    for cap in (10, 200, 600):
        assert len(rendered(sample_plan(changes=relation_creates(500)), max_chars=cap)) <= cap


def test_pipes_in_values_do_not_break_tables() -> None:
    change = relation_creates(1)[0]
    value = RelationValue("a|b", RecordRef("x", "al|ias"), RecordRef("y"))
    piped = RelationChange(change.action, None, value, change.reason, None)
    assert "| a\\|b | al\\|ias (`x`) |" in rendered(sample_plan(changes=(piped,)))


def test_callout_with_only_a_fraction_reason_has_no_empty_list() -> None:
    reason = "4 of 10 in-scope relations (40%) would be deleted, over the 30% limit"
    text = rendered(sample_plan(changes=relation_creates(1), needs_allow_destroy=(reason,)))
    assert (
        f"> **Destructive changes**\n>\n> `apply` will need `--allow-destroy`:\n> - {reason}\n"
        in text
    )


def test_callout_lists_are_bounded() -> None:
    reasons = tuple(f"reason {i}" for i in range(120))
    text = rendered(sample_plan(changes=relation_creates(1), needs_allow_destroy=reasons))
    assert "> - reason 49\n> - … and 70 more\n" in text
    assert "reason 50" not in text


# --- hostile values ----------------------------------------------------------------------------

HOSTILE = "Owner <!-- `x` | y\n## z [l](http://e) *b* _i_ ~s~ &amp; </details> \\"
ALLOWED_TAGS = re.compile(r"</?(details|summary|code)>|<br>")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def hostile_plan() -> Plan:
    """Every rendered field of every kind of change carries markup."""
    plan = sample_plan()
    evil = HOSTILE

    def poison(change: object) -> object:
        if isinstance(change, RelationChange):
            value = change.before or change.after
            assert value is not None
            bad = RelationValue(
                f"key{evil}", RecordRef(f"id{evil}", f"alias{evil}"), RecordRef(f"id2{evil}")
            )
            before, after = (bad, None) if change.before else (None, bad)
            return RelationChange(change.action, before, after, f"why{evil}", Source(evil, 3))
        assert isinstance(change, AssociationChange)
        return AssociationChange(
            change.action,
            _poisoned_value(change.before, evil),
            _poisoned_value(change.after, evil),
            f"reason{evil}",
            Source(f"file{evil}", 9),
            fields=tuple(FieldChange(f.path + evil, f.old + evil, f.new + evil)
                         for f in change.fields),
            cascade=change.cascade,
        )

    return sample_plan(
        location_id=f"loc{evil}",
        environment=f"env{evil}",
        changes=tuple(poison(c) for c in plan.changes),
        needs_allow_destroy=(f"need{evil}",),
    )


def _poisoned_value(value: AssociationValue | None, evil: str) -> AssociationValue | None:
    if value is None:
        return None
    return AssociationValue(
        value.key + evil, Side(value.first.object + evil, value.first.label + evil),
        Side(value.second.object, value.second.label + evil), value.id,
    )


def test_hostile_values_cannot_hide_or_break_any_table() -> None:
    text = rendered(hostile_plan())
    for heading in ("### Associations (4)", "### Relations to delete (1)",
                    "### Relations to create (1)"):
        assert heading in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert len(rows) == 3 * 2 + 4 + 1 + 1
    assert all(len(UNESCAPED_PIPE.findall(row)) == 5 for row in rows)
    assert "<" not in ALLOWED_TAGS.sub("", text)
    assert "\n## z" not in text and "[l](" not in text


def test_hostile_values_leave_code_spans_balanced_and_text_escaped() -> None:
    text = rendered(hostile_plan())
    assert all(line.count("`") % 2 == 0 for line in text.splitlines())
    assert (
        "Owner &lt;!-- \\`x\\` \\| y ## z \\[l\\](http&#8203;://e) \\*b\\* \\_i\\_ \\~s\\~"
    ) in text
    assert "&amp;amp; &lt;/details&gt; \\\\" in text
    assert "<code>locOwner &lt;!--" in text.splitlines()[0]


def test_plain_ids_stay_code_spans() -> None:
    text = rendered(sample_plan())
    assert "`association.old_link`" in text and "`loc_prd_456`" in text
    assert "<code>" not in text


def test_association_rows_show_a_live_cardinality() -> None:
    changes = {c.key: c for c in sample_plan().changes if isinstance(c, AssociationChange)}
    relabel = dataclasses.replace(changes["student_teacher"], limits="cardinality: MANY_TO_MANY")
    deleted = dataclasses.replace(changes["old_link"], limits="at most 1 business per contact")
    text = rendered(sample_plan(changes=(relabel, deleted)))
    rows = [line for line in text.splitlines() if "`association." in line and line.startswith("|")]
    assert "cardinality: MANY_TO_MANY" in rows[0] and "student_teacher" in rows[0]
    assert "at most 1 business per contact" in rows[1] and "old_link" in rows[1]


GITHUB_ACTIVE = [
    "@acme/owners please look", "see https://evil.example/login", "www.evil.example",
    "acme/infra#12", "fixes #3", "GH-7", "mail kim@evil.example", "HTTP://X.EXAMPLE",
    "abc\u202eevil", "zero\u200bwidth", "iso\u2066late", "<img src=x onerror=alert(1)>",
]
LIVE_MARKUP = re.compile(
    r"@[A-Za-z0-9]|[A-Za-z]://|(?i:\bwww\.)|#\d|GH-\d|[\u202a-\u202e\u2066-\u2069\u200b<]"
)


def _outside_code_spans(text: str) -> str:
    """The text GitHub would scan for mentions and links (the defusing entity shown as |)."""
    text = re.sub(r"</?(details|summary|code)>|<br>", "", text).replace("&#8203;", "|")
    return re.sub(r"`[^`\n]*`", "", text)


@pytest.mark.parametrize("value", GITHUB_ACTIVE)
def test_github_mentions_links_references_and_bidi_controls_are_inert(value: str) -> None:
    plan = _poisoned(value)
    text = rendered(plan)
    assert not LIVE_MARKUP.search(_outside_code_spans(text)), text
    assert not re.search(r"[\u202a-\u202e\u2066-\u2069\u200b]", text)


def _poisoned(value: str) -> Plan:
    owner = AssociationValue("k", Side("contact", value), Side("business", value), "a1")
    change = AssociationChange(Action.DELETE, owner, None, value, Source(value, 1), cascade=1)
    relation = RelationChange(
        Action.CREATE, None, RelationValue(value, RecordRef(value, value), RecordRef("c")),
        value, Source(value, 2),
    )
    return sample_plan(
        location_id=value, environment=value, changes=(change, relation),
        needs_allow_destroy=(value,),
    )
