"""Custom values: the key rule, the file's checks, the diff, its text and plan documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync import engine
from ghlsync.engine.planfile import plan_from_dict
from ghlsync.errors import ConfigError
from ghlsync.kinds.custom_values import state as custom_value_state
from ghlsync.kinds.custom_values.state import LiveCustomValue, key_from_name
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.file import load_document
from ghlsync.render.json import plan_to_dict
from ghlsync.render.markdown import render_markdown
from ghlsync.render.text import render_text
from ghlsync.values.plan import Action
from tests.kinds.kind_helpers import desired, live, write

VALUES = """custom_values:
  support_phone: { name: Support phone, value: "+1 555 0100" }
  brand_name:
    name: Brand name
    value: Acme
    ignore: [value]
"""


def _live(*values: LiveCustomValue) -> dict[str, LiveCustomValue]:
    return {v.key: v for v in values}


@pytest.mark.parametrize(
    ("name", "key"),
    [("Support phone", "support_phone"), ("Business Hours", "business_hours"),
     ("  Brand -- Name!", "brand_name"), ("Q3 promo (2026)", "q3_promo_2026")],
)
def test_the_key_is_derived_from_the_name_like_ghl(name: str, key: str) -> None:
    assert key_from_name(name) == key


def test_a_key_the_name_would_not_give_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "custom_values:\n  phone:\n    name: Support phone\n    value: x\n")
    with pytest.raises(ConfigError) as refused:
        load_document(path, {})
    [problem] = refused.value.problems
    assert problem.line == 5
    assert "GHL derives the key 'support_phone' from the name 'Support phone', not 'phone'" in (
        problem.message
    )
    assert "a name that gives 'phone' is 'Phone'" in problem.message


def test_an_attribute_a_custom_value_does_not_have_cannot_be_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "custom_values:\n  a: { name: A, value: x, ignore: [key] }\n")
    with pytest.raises(ConfigError) as refused:
        load_document(path, {})
    assert "ghlsync.yaml:4" in str(refused.value) and "'name' or 'value'" in str(refused.value)


def test_a_malformed_key_is_refused_with_the_rule(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a custom value key"):
        load_document(write(tmp_path, "custom_values:\n  Bad-Key: { name: X, value: y }\n"), {})


def test_missing_values_are_created_and_changed_ones_updated(tmp_path: Path) -> None:
    wanted = desired(tmp_path, VALUES)
    found = _live(LiveCustomValue("v1", "support_phone", "Support Phone", "+1 555 0100"))
    plan = engine.diff(wanted, live(custom_values=found))
    by_key = {c.address: c for c in plan.changes}
    assert by_key["custom_value.brand_name"].action is Action.CREATE
    update = by_key["custom_value.support_phone"]
    assert update.action is Action.UPDATE and update.source is not None and update.source.line == 4
    assert isinstance(update, CustomValueChange) and update.after is not None
    assert update.after.get("name") == "Support phone" and update.after.id == "v1"
    assert not plan.needs_allow_destroy


def test_an_ignored_value_drifts_and_the_plan_says_so(tmp_path: Path) -> None:
    wanted = desired(tmp_path, VALUES)
    found = _live(
        LiveCustomValue("v1", "support_phone", "Support phone", "+1 555 0100"),
        LiveCustomValue("v2", "brand_name", "Brand name", "Client's own brand"),
    )
    plan = engine.diff(wanted, live(custom_values=found))
    assert plan.changes == ()
    assert plan.ignored == ("custom_value.brand_name: ignored: value differs live",)


def test_undeclared_values_are_deleted_only_with_prune_and_need_allow_destroy(
    tmp_path: Path,
) -> None:
    extra = LiveCustomValue("v9", "old_promo", "Old promo", "x")
    kept = engine.diff(desired(tmp_path, VALUES), live(custom_values=_live(extra)))
    assert "custom_value.old_promo" not in {c.address for c in kept.changes}
    pruning = desired(tmp_path, VALUES + "prune: { custom_values: true }\n")
    plan = engine.diff(pruning, live(custom_values=_live(extra)))
    [delete] = [c for c in plan.changes if c.action is Action.DELETE]
    assert delete.address == "custom_value.old_promo"
    assert plan.needs_allow_destroy == (
        "custom_value.old_promo would be deleted; templates that use it show nothing",
    )


def test_a_file_without_custom_values_reads_and_plans_none(tmp_path: Path) -> None:
    wanted = desired(tmp_path, "tags: [vip]\n")
    assert custom_value_state.DESIRED.of(wanted) is None
    found = _live(LiveCustomValue("v9", "old", "Old", "x"))
    assert engine.diff(wanted, live(custom_values=found, tags={})).summary.destroy == 0


def test_the_plan_text_markdown_and_saved_plan_carry_custom_values(tmp_path: Path) -> None:
    wanted = desired(tmp_path, VALUES + "prune: { custom_values: true }\n")
    found = _live(
        LiveCustomValue("v1", "support_phone", "Support phone", "old"),
        LiveCustomValue("v2", "brand_name", "Brand name", "Theirs"),
        LiveCustomValue("v3", "gone", "Gone", "x"),
    )
    plan = engine.diff(wanted, live(custom_values=found))
    text = _rendered(render_text, plan, color=False)
    assert '  ~ custom_value "support_phone" {\n      ~ value = "old" -> "+1 555 0100"\n' in text
    assert "# custom_value.gone will be destroyed; templates that use it show nothing" in text
    assert "  # custom_value.brand_name: ignored: value differs live" in text
    markdown = _rendered(render_markdown, plan)
    assert "### Custom values (2)" in markdown and "**Ignored drift**" in markdown
    document = plan_to_dict(plan)
    assert {c["kind"] for c in document["changes"]} == {"custom_value"}
    assert document["ignored"] == ["custom_value.brand_name: ignored: value differs live"]
    assert plan_to_dict(plan_from_dict(document)) == document


def _rendered(render: object, plan: object, **options: object) -> str:
    import io

    out = io.StringIO()
    render(plan, out, **options)  # type: ignore[operator]
    return out.getvalue()
