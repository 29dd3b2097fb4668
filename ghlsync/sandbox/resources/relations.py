"""The three relation endpoints of the simulated GHL API."""

from __future__ import annotations

import re
from itertools import islice

from ghlsync.sandbox.entities import Association, Relation
from ghlsync.sandbox.locations import Locations, LocationState
from ghlsync.sandbox.resource import Answer, Resource, Scopes, route, rule
from ghlsync.sandbox.resources.associations import MAX_PAGE, listing
from ghlsync.sandbox.wire import BodyInputs, Call, QueryInputs, Rejection

__all__ = ["RESOURCE", "create_relation", "delete_relation", "list_relations", "present_relation"]


def present_relation(location: LocationState, relation: Relation) -> dict[str, object]:
    association = location.associations[relation.association_id]
    return {
        "id": relation.id,
        "associationId": relation.association_id,
        "locationId": location.location_id,
        "firstRecordId": relation.first_record_id,
        "firstObjectKey": association.first_object_key,
        "secondRecordId": relation.second_record_id,
        "secondObjectKey": association.second_object_key,
    }


def create_relation(state: Locations, call: Call, _: str) -> Answer:
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    association_id = inputs.text("associationId")
    first_id = inputs.text("firstRecordId")
    second_id = inputs.text("secondRecordId")
    inputs.done()
    location = state.location(location_id)
    association = location.associations.get(association_id)
    if association is None:
        raise Rejection(404, f"Association with id '{association_id}' not found")
    _check_record(location, first_id, association.first_object_key, association, "first")
    _check_record(location, second_id, association.second_object_key, association, "second")
    if location.find_relation(association_id, first_id, second_id) is not None:
        raise Rejection(
            400,
            "Could not create relation: duplicate relation of object Ids for given "
            f"association {association_id}",
        )
    _check_limits(location, association, first_id, second_id)
    relation = Relation(state.new_id(), association_id, first_id, second_id)
    location.add_relation(relation)
    return 201, present_relation(location, relation)


def _check_record(
    location: LocationState, record_id: str, expected: str, association: Association, side: str
) -> None:
    """A relation names records the location holds, each of its side's object."""
    actual = location.object_of_record(record_id)
    if actual is None:
        raise Rejection(404, f"Record '{record_id}' not found")
    if actual != expected:
        raise Rejection(
            400,
            f"Record '{record_id}' is a {actual} but the {side} record of association "
            f"'{association.key}' must be a {expected}",
        )


def _check_limits(
    location: LocationState, association: Association, first_id: str, second_id: str
) -> None:
    """Refuse a relation past the association's cardinality limits (400, GHL-style body)."""
    wanted = frozenset([association.id])
    sides = (
        (first_id, 0, association.max_seconds_per_first(), association.second_object_key),
        (second_id, 1, association.max_firsts_per_second(), association.first_object_key),
    )
    for record_id, side, limit, other_object in sides:
        if limit is None:
            continue
        linked = location.relations_of_record(record_id, wanted)
        if sum(1 for r in linked if r.identity[1 + side] == record_id) >= limit:
            raise Rejection(
                400,
                f"Association limit reached: record '{record_id}' may be linked to at most "
                f"{limit} {other_object} record(s) through association '{association.key}'",
                with_error=True,
            )


def list_relations(state: Locations, call: Call, record_id: str) -> Answer:
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    skip = inputs.integer("skip", minimum=0)
    limit = inputs.integer("limit", minimum=1, maximum=MAX_PAGE)
    wanted = inputs.texts("associationIds")
    inputs.done()
    location = state.location(location_id)
    matching = list(
        location.relations_of_record(record_id, frozenset(wanted) if wanted else None)
    )
    items = [present_relation(location, r) for r in islice(matching, skip, skip + limit)]
    return 200, listing("relations", items, len(matching))


def delete_relation(state: Locations, call: Call, relation_id: str) -> Answer:
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    location = state.locations.get(location_id)
    if location is None or relation_id not in location.relations:
        raise Rejection(404, f"Relation with id '{relation_id}' not found")
    location.remove_relation(relation_id)
    message = "Relation deleted successfully"
    return 200, {"deleted": True, "id": relation_id, "message": message}


RESOURCE = Resource(
    "relations",
    (
        route("/associations/relations", POST=create_relation),
        route("/associations/relations/([^/]+)", GET=list_relations, DELETE=delete_relation),
    ),
    rules={  # apps/associations.json
        ("POST", "/associations/relations"): rule("locationId associationId firstRecordId "
                                                  "secondRecordId"),
        ("GET", "/associations/relations/{recordId}"): rule(
            query="locationId skip limit associationIds"
        ),
        ("DELETE", "/associations/relations/{relationId}"): rule(query="locationId"),
    },
    scopes=(
        Scopes(re.compile("/associations/relations"), "associations/relation.readonly",
               "associations/relation.write"),
    ),
)
