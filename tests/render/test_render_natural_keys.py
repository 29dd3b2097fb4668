"""Natural-key records in plans: text like any alias, markdown with the key, JSON `resolved`."""

from __future__ import annotations

import io
from pathlib import Path

from ghlsync.engine.planfile import read_plan, write_plan
from ghlsync.render.json import plan_to_dict
from ghlsync.render.markdown import render_markdown
from ghlsync.render.text import render_text
from ghlsync.values.plan import Action, Plan, RelationChange, RelationValue
from ghlsync.values.state import NaturalKey, RecordRef, ResolvedRecord, Source

JANE = ResolvedRecord("jane", NaturalKey("contact", "email", "jane@example.com"), "c_prd_9")


def natural_plan() -> Plan:
    value = RelationValue(
        "property_owner",
        RecordRef("p_1", "villa", "A-1001"),
        RecordRef("c_prd_9", "jane", "jane@example.com"),
    )
    change = RelationChange(Action.CREATE, None, value, "declared", Source("ghlsync.yaml", 9))
    return Plan("loc_prd", "production", (change,), "cd", "ld", resolved=(JANE,))


def test_text_shows_the_resolved_id_like_any_alias() -> None:
    out = io.StringIO()
    render_text(natural_plan(), out, color=False)
    assert "+ relation property_owner[villa(p_1) -> jane(c_prd_9)]" in out.getvalue()


def test_markdown_shows_the_natural_key() -> None:
    out = io.StringIO()
    render_markdown(natural_plan(), out)
    text = out.getvalue()
    # escaped, so GitHub shows "villa <A-1001>" as text rather than swallowing a tag
    assert "villa &lt;A-1001&gt; (`p_1`)" in text
    # the zero-width space keeps GitHub from turning the address into a link
    assert "jane &lt;jane@&#8203;example.com&gt; (`c_prd_9`)" in text


def test_json_lists_every_resolution() -> None:
    data = plan_to_dict(natural_plan())
    assert data["resolved"] == {
        "jane": {"object": "contact", "property": "email", "value": "jane@example.com",
                 "id": "c_prd_9"}
    }
    first = data["changes"][0]["after"]["first"]
    assert first == {"id": "p_1", "alias": "villa", "natural_key": "A-1001"}


def test_a_saved_plan_keeps_its_resolutions(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan(natural_plan(), path)
    assert read_plan(path) == natural_plan()


def test_a_plan_file_without_resolutions_still_reads(tmp_path: Path) -> None:
    plain = Plan("loc", None, (), "cd", "ld")
    path = tmp_path / "plan.json"
    write_plan(plain, path)
    data = path.read_text(encoding="utf-8").replace('"resolved": {},', "")
    path.write_text(data, encoding="utf-8")
    assert read_plan(path).resolved == ()
