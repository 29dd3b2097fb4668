"""Every simulated GHL resource, listed once (:mod:`ghlsync.sandbox.resource` says what one
brings). The router serves their routes in this order, the state file holds their parts in
this order, and the request rules and token scopes are theirs."""

from __future__ import annotations

from ghlsync.sandbox.locations import Part
from ghlsync.sandbox.resource import Resource
from ghlsync.sandbox.resources import (
    agency_endpoints,
    associations,
    custom_fields,
    custom_values,
    objects,
    records,
    relations,
    tags,
)

__all__ = ["PARTS", "RESOURCES"]

RESOURCES: tuple[Resource, ...] = (
    agency_endpoints.RESOURCE,
    associations.RESOURCE,
    relations.RESOURCE,
    objects.RESOURCE,
    custom_fields.RESOURCE,
    custom_values.RESOURCE,
    tags.RESOURCE,
    records.RESOURCE,
)

PARTS: tuple[type[Part], ...] = tuple(r.part for r in RESOURCES if r.part is not None)
"""The parts every location has, in the order the state file lists them."""
