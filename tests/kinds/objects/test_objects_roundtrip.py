"""Plan and apply objects and fields against the in-process sandbox, end to end in a process."""

from __future__ import annotations

from pathlib import Path

import pytest
from schema_helpers import EXAMPLE, desired_from, quiet_sandbox, round_for, write_config

from ghlsync.engine.executor import OutcomeStatus
from ghlsync.engine.safety import gate
from ghlsync.errors import ConfigError
from ghlsync.values.plan import Action, Kind

BASE = """\
version: 1
location: loc_t
objects:
  custom_objects.property:
    labels: { singular: Property, plural: Properties }
    primary_property: { key: address, name: Address, type: TEXT }
    searchable: [address]
    fields:
      status: { name: Status, type: SINGLE_OPTIONS, options: [Active, Sold], folder: Listing }
      rooms: { name: Rooms, type: NUMERICAL }
"""


def test_the_example_applies_from_an_empty_location_in_one_apply_then_no_changes() -> None:
    sandbox = quiet_sandbox()
    desired = desired_from(EXAMPLE)
    plan, report = round_for(sandbox, desired).apply()
    kinds = {(c.kind, c.action) for c in plan.object_changes}
    assert (Kind.OBJECT, Action.CREATE) in kinds and (Kind.FOLDER, Action.CREATE) in kinds
    assert report.complete, [(o.change.address, o.detail) for o in report.outcomes]
    again, live = round_for(sandbox, desired).plan()
    assert not again.has_changes, [c.address for c in again.object_changes]
    assert live.objects is not None and live.objects.objects["custom_objects.property"].searchable


def test_the_example_creates_objects_before_fields_before_the_association() -> None:
    sandbox = quiet_sandbox()
    _, report = round_for(sandbox, desired_from(EXAMPLE)).apply()
    order = [o.change.address for o in report.outcomes]
    assert order.index("object.custom_objects.property") < order.index(
        "field.custom_objects.property.mls_number"
    ) < order.index("association.property_owner")


def test_a_type_change_is_a_replacement_that_needs_allow_destroy(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    changed = write_config(tmp_path, BASE.replace("type: NUMERICAL", "type: TEXT"))
    plan, _ = round_for(sandbox, desired_from(changed)).plan()
    [change] = plan.object_changes
    assert change.action is Action.REPLACE and change.reason == "type NUMERICAL -> TEXT"
    assert any("destroys the values of this field" in w for w in plan.warnings)
    with pytest.raises(Exception, match="--allow-destroy"):
        gate(plan, allow_destroy=False)


def test_removing_an_option_is_refused_at_the_line_of_the_field(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    changed = write_config(tmp_path, BASE.replace("[Active, Sold]", "[Active]"))
    with pytest.raises(ConfigError) as caught:
        round_for(sandbox, desired_from(changed)).plan()
    message = str(caught.value)
    assert "ghlsync.yaml:9:" in message and "cannot remove options" in message
    assert '"Sold"' in message


def test_adding_an_option_and_renaming_is_an_update_in_place(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    changed = BASE.replace("[Active, Sold]", "[Active, Sold, Pending]").replace(
        "name: Rooms", "name: Bedrooms"
    )
    desired = desired_from(write_config(tmp_path, changed))
    plan, report = round_for(sandbox, desired).apply()
    assert [(c.address, c.action) for c in plan.object_changes] == [
        ("field.custom_objects.property.rooms", Action.UPDATE),
        ("field.custom_objects.property.status", Action.UPDATE),
    ]
    assert report.complete
    assert not round_for(sandbox, desired).plan()[0].has_changes


def test_changing_the_primary_property_is_refused(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    changed = write_config(tmp_path, BASE.replace("name: Address", "name: Street"))
    with pytest.raises(ConfigError, match="primary_property is set when the object is created"):
        round_for(sandbox, desired_from(changed)).plan()


def test_a_missing_custom_object_without_labels_cannot_be_created(tmp_path: Path) -> None:
    body = """\
    version: 1
    location: loc_t
    objects:
      custom_objects.pet:
        fields:
          name: { name: Name, type: TEXT }
    """
    with pytest.raises(ConfigError, match="to create it, declare labels and primary_property"):
        round_for(quiet_sandbox(), desired_from(write_config(tmp_path, body))).plan()


def test_prune_fields_deletes_undeclared_fields_but_never_the_primary(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    pruned = BASE.replace("      rooms: { name: Rooms, type: NUMERICAL }\n", "") + (
        "prune:\n  fields: true\n"
    )
    plan, _ = round_for(sandbox, desired_from(write_config(tmp_path, pruned))).plan()
    assert [(c.address, c.action) for c in plan.object_changes] == [
        ("field.custom_objects.property.rooms", Action.DELETE)
    ]
    assert plan.needs_allow_destroy


def test_a_field_whose_object_failed_is_skipped_with_the_reason(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    for index in range(10):
        body = BASE.replace("custom_objects.property", f"custom_objects.filler{index}")
        round_for(sandbox, desired_from(write_config(tmp_path, body))).apply()
    _, report = round_for(sandbox, desired_from(write_config(tmp_path, BASE))).apply()
    failed = report.with_status(OutcomeStatus.FAILED)
    assert [o.change.address for o in failed] == ["object.custom_objects.property"]
    assert "at most 10 custom objects" in failed[0].detail
    skipped = {o.change.address: o.detail for o in report.with_status(OutcomeStatus.SKIPPED)}
    assert skipped["field.custom_objects.property.rooms"] == (
        "object.custom_objects.property was not created"
    )
