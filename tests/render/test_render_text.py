"""The text plan matches the README's plan shape exactly."""

from __future__ import annotations

import dataclasses
import io

from render_fixtures import sample_plan

from ghlsync.render.text import render_text
from ghlsync.values.plan import Action, AssociationChange, AssociationValue, Plan
from ghlsync.values.state import Side

GOLDEN = """\
ghlsync will perform the following actions on location loc_prd_456 (production):

  # association.property_owner will be created
  + association "property_owner" {
      + first  = custom_objects.property "Property"
      + second = contact "Owner"
    }

  # association.student_teacher will be updated in-place
  ~ association "student_teacher" {
      ~ second.label = "Teacher" -> "Tutor"
    }

  # association.car_driver must be replaced (first.object changed); GHL deletes its 42 relations
-/+ association "car_driver" {
      ~ first.object = "custom_objects.car" -> "custom_objects.vehicle"  # forces replacement
    }

  # association.old_link will be destroyed; GHL deletes its 3 relations
  - association "old_link" {
      - first  = contact "A"
      - second = business "B"
    }

  + relation property_owner[sunset_villa(77b1cc02) -> jane(c_prd_9)]
  - relation property_owner[77b1cc02 -> c_old_1]

Plan: 3 to add, 1 to change, 3 to destroy.

Warning: apply will need --allow-destroy: association.car_driver would be replaced
"""


def rendered(plan: Plan, *, color: bool = False) -> str:
    out = io.StringIO()
    render_text(plan, out, color=color)
    return out.getvalue()


def test_every_kind_of_change_matches_the_golden_output() -> None:
    assert rendered(sample_plan()) == GOLDEN


def test_no_changes_says_so_and_nothing_else() -> None:
    plan = sample_plan(changes=(), warnings=())
    assert rendered(plan) == "No changes. The location matches the configuration.\n"


def test_header_without_environment_names_only_the_location() -> None:
    first_line = rendered(sample_plan(environment=None)).splitlines()[0]
    assert first_line == "ghlsync will perform the following actions on location loc_prd_456:"


def test_no_ansi_codes_without_colour() -> None:
    assert "\x1b[" not in rendered(sample_plan())


def test_colour_paints_each_symbol_when_asked() -> None:
    text = rendered(sample_plan(), color=True)
    assert '  \x1b[32m+\x1b[0m association "property_owner" {' in text
    assert "      \x1b[33m~\x1b[0m second.label" in text
    assert '\x1b[35m-/+\x1b[0m association "car_driver" {' in text
    assert "  \x1b[31m-\x1b[0m relation property_owner[77b1cc02 -> c_old_1]" in text
    assert "\x1b[33mWarning:\x1b[0m apply will need" in text


def test_singular_cascade_and_quotes_in_labels() -> None:
    old = AssociationValue("pair", Side("contact", 'The "Big" One'), Side("business", "B"), "a9")
    change = AssociationChange(Action.DELETE, old, None, "not declared", None, cascade=1)
    text = rendered(sample_plan(changes=(change,), warnings=()))
    assert "  # association.pair will be destroyed; GHL deletes its 1 relation\n" in text
    assert '      - first  = contact "The \\"Big\\" One"\n' in text
    assert text.endswith("\nPlan: 0 to add, 0 to change, 1 to destroy.\n")


def test_a_live_association_shows_its_cardinality_under_its_heading() -> None:
    limits = {
        "student_teacher": "cardinality: MANY_TO_MANY",
        "car_driver": "at most 1 business per contact",
    }
    changes = tuple(
        dataclasses.replace(c, limits=limits.get(c.key))
        if isinstance(c, AssociationChange)
        else c
        for c in sample_plan().changes
    )
    out = io.StringIO()
    render_text(sample_plan(changes=changes), out, color=False)
    lines = out.getvalue().splitlines()
    heading = lines.index("  # association.student_teacher will be updated in-place")
    assert lines[heading + 1] == "  # cardinality: MANY_TO_MANY"
    replaced = next(i for i, line in enumerate(lines) if "association.car_driver must be" in line)
    assert lines[replaced + 1] == "  # at most 1 business per contact"
    assert "# cardinality" not in "\n".join(lines[: heading])
