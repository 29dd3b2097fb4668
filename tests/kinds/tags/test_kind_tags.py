"""Tags: the file's checks, the diff, the gate, documents and --target."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync import engine
from ghlsync.engine import target_only
from ghlsync.engine.planfile import plan_from_dict
from ghlsync.errors import ConfigError, SafetyError, UsageError
from ghlsync.kinds.custom_values import state as custom_value_state
from ghlsync.kinds.file import load_document
from ghlsync.kinds.tags import state as tag_state
from ghlsync.kinds.tags.state import LiveTag
from ghlsync.kinds.tags.values import TagChange
from ghlsync.render.json import plan_to_dict
from ghlsync.values.plan import Action, KeyedValue
from tests.kinds.kind_helpers import desired, live, write


def _tags(*names: str) -> dict[str, LiveTag]:
    return {name: LiveTag(f"t_{name}", name) for name in names}


def test_missing_tags_are_created_at_their_lines(tmp_path: Path) -> None:
    plan = engine.diff(desired(tmp_path, "tags: [vip, hot-lead]\n"), live(tags=_tags("vip")))
    [create] = plan.changes
    assert isinstance(create, TagChange) and create.action is Action.CREATE
    assert create.address == "tag.hot-lead" and create.source is not None
    assert create.source.line == 3


def test_undeclared_tags_are_deleted_only_with_prune_behind_allow_destroy(tmp_path: Path) -> None:
    found = live(tags=_tags("vip", "cold"))
    assert engine.diff(desired(tmp_path, "tags: [vip]\n"), found).changes == ()
    plan = engine.diff(desired(tmp_path, "tags: [vip]\nprune: { tags: true }\n"), found)
    assert [c.address for c in plan.changes] == ["tag.cold"]
    assert plan.needs_allow_destroy == (
        "tag.cold would be deleted; GHL removes it from every contact that has it",
    )
    with pytest.raises(SafetyError, match=r"tag\.cold"):
        engine.gate([plan], allow_destroy=False)


def test_a_tag_listed_twice_is_refused_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        load_document(write(tmp_path, "tags:\n  - vip\n  - vip\n"), {})
    assert "ghlsync.yaml:5: tags[1]: tag 'vip' is listed twice: first at line 4" in str(
        refused.value
    )


def test_a_tag_name_with_control_characters_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a tag name"):
        load_document(write(tmp_path, 'tags: ["bad\\u001bname"]\n'), {})


def test_a_tag_cannot_be_updated() -> None:
    with pytest.raises(ValueError, match="a tag cannot be updated"):
        TagChange(Action.UPDATE, KeyedValue("a"), KeyedValue("b"), "", None)


def test_a_saved_plan_with_tags_reads_back_the_same(tmp_path: Path) -> None:
    wanted = desired(tmp_path, "tags: [vip]\nprune: { tags: true }\n")
    plan = engine.diff(wanted, live(tags=_tags("cold")))
    document = plan_to_dict(plan)
    assert [c["kind"] for c in document["changes"]] == ["tag", "tag"]
    assert plan_to_dict(plan_from_dict(document)) == document


def test_target_narrows_to_a_tag_or_custom_value_and_prunes_nothing(tmp_path: Path) -> None:
    body = ("tags: [vip, hot]\ncustom_values:\n  brand: { name: Brand, value: x }\n"
            "prune: { tags: true, custom_values: true }\n")
    wanted = desired(tmp_path, body)
    tag_only = target_only(wanted, ["vip"])
    tags = tag_state.DESIRED.of(tag_only)
    assert tags is not None and list(tags.items) == ["vip"] and not tags.prune
    assert custom_value_state.DESIRED.of(tag_only) is None
    value_only = target_only(wanted, ["brand"])
    values = custom_value_state.DESIRED.of(value_only)
    assert tag_state.DESIRED.of(value_only) is None
    assert values is not None and list(values.items) == ["brand"] and not values.prune
    with pytest.raises(UsageError, match="custom_values: brand; objects: none; tags: hot, vip"):
        target_only(wanted, ["nope"])
