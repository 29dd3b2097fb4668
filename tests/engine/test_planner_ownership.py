"""Ownership (README, "Ownership"): ``ignore`` lets attributes drift, ``prevent_destroy``
refuses any plan that deletes or replaces the item, for associations, objects and fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync import engine
from ghlsync.config import resolve
from ghlsync.errors import ConfigError
from ghlsync.kinds.file import load_document
from ghlsync.values.objects import FieldValue, FolderValue, LiveObjects, ObjectValue
from ghlsync.values.plan import Action, AssociationChange, ObjectsChange
from ghlsync.values.state import DesiredState, LiveAssociation, LiveState, Side

ASSOCIATION = """associations:
  - key: owner
    first: { object: contact, label: Owner }
    second: { object: business, label: Company }
"""


def _desired(tmp_path: Path, body: str) -> DesiredState:
    path = tmp_path / "ghlsync.yaml"
    path.write_text("version: 1\nlocation: loc_1\n" + body, encoding="utf-8")
    return resolve(load_document(path, {}), None, None).desired


def _live_association(first: str = "Owner", second: str = "Company",
                      second_object: str = "business") -> LiveState:
    live = LiveAssociation("a1", "owner", Side("contact", first), Side(second_object, second))
    return LiveState("loc_1", associations={"owner": live})


def test_ignored_labels_drift_and_are_noted(tmp_path: Path) -> None:
    desired = _desired(tmp_path, ASSOCIATION + "    ignore: [labels]\n")
    plan = engine.diff(desired, _live_association("Proprietor", "Firm"))
    assert plan.changes == ()
    assert plan.ignored == ("association.owner: ignored: labels differ live",)


def test_an_update_keeps_the_live_text_of_an_ignored_label(tmp_path: Path) -> None:
    desired = _desired(tmp_path, ASSOCIATION + "    ignore: [first.label]\n")
    plan = engine.diff(desired, _live_association("Proprietor", "Firm"))
    [update] = plan.changes
    assert isinstance(update, AssociationChange) and update.action is Action.UPDATE
    assert [f.path for f in update.fields] == ["second.label"]
    assert update.after is not None and update.after.first.label == "Proprietor"
    assert update.after.second.label == "Company"
    assert plan.ignored == ("association.owner: ignored: first.label differs live",)


def test_prevent_destroy_refuses_a_replacement_whatever_the_flags(tmp_path: Path) -> None:
    desired = _desired(tmp_path, ASSOCIATION + "    prevent_destroy: true\n")
    with pytest.raises(ConfigError) as refused:
        engine.diff(desired, _live_association(second_object="opportunity"))
    [problem] = refused.value.problems
    assert problem.line == 4
    assert "association 'owner' has prevent_destroy: this plan would replace it" in problem.message


def test_prevent_destroy_lets_an_update_in_place_through(tmp_path: Path) -> None:
    desired = _desired(tmp_path, ASSOCIATION + "    prevent_destroy: true\n")
    [update] = engine.diff(desired, _live_association(first="Old")).changes
    assert update.action is Action.UPDATE


def test_an_attribute_an_association_does_not_have_is_refused_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        _desired(tmp_path, ASSOCIATION + "    ignore: [key]\n")
    assert "ghlsync.yaml:7: associations[0].ignore[0]: must be 'labels', 'first.label' or " \
        "'second.label'" in str(refused.value)


def test_ownership_is_part_of_the_config_digest(tmp_path: Path) -> None:
    plain = _desired(tmp_path, ASSOCIATION).config_digest
    ignoring = _desired(tmp_path, ASSOCIATION + "    ignore: [labels]\n").config_digest
    protected = _desired(tmp_path, ASSOCIATION + "    prevent_destroy: true\n").config_digest
    assert len({plain, ignoring, protected}) == 3


FIELD = """objects:
  business:
    fields:
      region:
        name: Region
        type: {type}
        folder: Sales
"""


def _live_field(folder: str = "Ops", type: str = "TEXT") -> LiveState:
    field = FieldValue("business", "region", "Region", type, folder=folder, id="f1")
    schema = LiveObjects(
        objects={"business": ObjectValue("business", id="business")},
        fields={field.identity: field},
        folders={("business", "Ops"): FolderValue("business", "Ops", "d1")},
        read=frozenset({"business"}),
    )
    return LiveState("loc_1", objects=schema)


def test_an_ignored_folder_lets_a_folder_move_drift(tmp_path: Path) -> None:
    desired = _desired(tmp_path, FIELD.format(type="TEXT") + "        ignore: [folder]\n")
    plan = engine.diff(desired, _live_field())
    assert plan.changes == ()
    assert plan.ignored == ("field.business.region: ignored: folder differs live",)
    with pytest.raises(ConfigError, match="so it cannot be moved"):
        engine.diff(_desired(tmp_path, FIELD.format(type="TEXT")), _live_field())


def test_prevent_destroy_refuses_a_field_type_change(tmp_path: Path) -> None:
    body = FIELD.format(type="NUMERICAL") + "        prevent_destroy: true\n"
    with pytest.raises(ConfigError) as refused:
        engine.diff(_desired(tmp_path, body), _live_field(folder="Sales"))
    [problem] = refused.value.problems
    assert problem.line == 6 and "field.business.region has prevent_destroy" in problem.message
    replaced = engine.diff(_desired(tmp_path, FIELD.format(type="NUMERICAL")),
                           _live_field(folder="Sales"))
    assert Action.REPLACE in [c.action for c in replaced.changes if isinstance(c, ObjectsChange)]


OBJECT = """objects:
  custom_objects.home:
    labels: { singular: Home, plural: Homes }
    description: Our listings
    ignore: [labels]
"""


def test_ignored_object_labels_drift_while_the_description_is_updated(tmp_path: Path) -> None:
    home = ObjectValue("custom_objects.home", "House", "Houses", "Theirs", id="o1")
    schema = LiveObjects(objects={home.key: home}, read=frozenset({home.key}))
    plan = engine.diff(_desired(tmp_path, OBJECT), LiveState("loc_1", objects=schema))
    [update] = plan.changes
    assert isinstance(update, ObjectsChange) and [f.path for f in update.fields] == ["description"]
    assert isinstance(update.after, ObjectValue) and update.after.singular == "House"
    assert plan.ignored == ("object.custom_objects.home: ignored: labels differ live",)
