"""The standard fields and properties real locations list beside custom ones.

``GET /locations/{id}/customFields`` lists standard fields (``dataType: STANDARD_FIELD``,
options as ``{value, name}``) and folder entries (``documentType: "folder"``, no key, no
type); ``GET /objects/{key}?fetchProperties=true`` on a standard object embeds standard
properties, some without ``id``, options as ``picklistOptions: [{key, label}]``. A client
must skip what it does not manage; the sandbox shows them so that it has to.
"""

from __future__ import annotations

from typing import Any

__all__ = ["listed_standard_fields", "standard_properties"]

_SOURCES = [{"value": "website", "name": "Website"}, {"value": "referral", "name": "Referral"}]
_STANDARD_FIELDS: dict[str, list[dict[str, Any]]] = {
    "contact": [
        {"fieldKey": "contact.first_name", "name": "First Name"},
        {"fieldKey": "contact.email", "name": "Email"},
        {"fieldKey": "contact.source", "name": "Contact Source", "picklistOptions": _SOURCES},
    ],
    "opportunity": [
        {"fieldKey": "opportunity.status", "name": "Status",
         "picklistOptions": [{"value": "open", "name": "Open"}, {"value": "won", "name": "Won"}]},
    ],
}
_PROPERTIES: dict[str, list[dict[str, Any]]] = {
    "contact": [
        {"id": "std_contact_email", "fieldKey": "contact.email", "name": "Email",
         "dataType": "EMAIL"},
        {"fieldKey": "contact.type", "name": "Type", "dataType": "SINGLE_OPTIONS",
         "picklistOptions": [{"key": "lead", "label": "Lead"},
                             {"key": "customer", "label": "Customer"}]},
    ],
    "business": [
        {"id": "std_business_name", "fieldKey": "business.name", "name": "Name",
         "dataType": "TEXT"},
        {"fieldKey": "business.website", "name": "Website", "dataType": "TEXT"},
    ],
    "opportunity": [
        {"fieldKey": "opportunity.name", "name": "Name", "dataType": "TEXT"},
    ],
}


def listed_standard_fields(model: str, location_id: str) -> list[dict[str, Any]]:
    """The standard fields and a folder entry a location's field listing shows for ``model``."""
    fields = [
        {"id": f"std_{f['fieldKey'].replace('.', '_')}", "dataType": "STANDARD_FIELD",
         "model": model, "locationId": location_id, **f}
        for f in _STANDARD_FIELDS.get(model, [])
    ]
    folder = {"id": f"folder_{model}_general", "name": "General Info", "documentType": "folder",
              "model": model, "locationId": location_id}
    return [*fields, folder]


def standard_properties(object_key: str, location_id: str) -> list[dict[str, Any]]:
    """The standard properties ``fetchProperties=true`` embeds for a standard object."""
    return [
        {**p, "objectKey": object_key, "standard": True, "locationId": location_id}
        for p in _PROPERTIES.get(object_key, [])
    ]
