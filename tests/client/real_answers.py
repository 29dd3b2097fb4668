"""Answers as real locations give them, for any test to reuse.

Source: ../shared/ghl-api.md, section "What real field, object and record answers look like"
(public captures and issues; the official specs say none of this). Each constant is one shape;
ids are made up, keys and types are as captured.
"""

from __future__ import annotations

from typing import Any

# GET /locations/{id}/customFields?model=contact: standard fields with {value, name} options, a
# folder entry, an entry without a name, a dataType given as {id, label} (none of which ghlsync
# manages), beside the two custom fields it does ('contact.tier' and 'contact.buyer_budget').
STANDARD_FIELD = {
    "id": "std_source", "name": "Contact Source", "fieldKey": "contact.source",
    "dataType": "STANDARD_FIELD", "model": "contact",
    "picklistOptions": [{"value": "web", "name": "Web"}, {"value": "ads", "name": "Ads"}],
}
STANDARD_FIELD_WITHOUT_OPTIONS = {
    "id": "std_email", "name": "Email", "fieldKey": "contact.email",
    "dataType": "STANDARD_FIELD", "model": "contact",
}
FOLDER_ENTRY = {
    "id": "folder_1", "name": "Additional Info", "documentType": "folder",
    "model": "contact", "parentId": None, "locationId": "loc_1",
}
ENTRY_WITHOUT_NAME = {
    "id": "nameless_1", "fieldKey": "contact.legacy_import", "dataType": "TEXT",
    "model": "contact",
}
DATA_TYPE_AS_OBJECT = {
    "id": "std_phone", "name": "Phone", "fieldKey": "contact.phone",
    "dataType": {"id": "PHONE", "label": "Phone"}, "model": "contact",
}
CUSTOM_TIER = {
    "id": "cf_tier", "name": "Tier", "fieldKey": "contact.tier", "dataType": "RADIO",
    "model": "contact", "picklistOptions": ["Gold", "Silver"], "documentType": "field",
}
CUSTOM_BUDGET = {
    "id": "cf_budget", "name": "Buyer budget", "fieldKey": "contact.buyer_budget",
    "dataType": "MONETORY", "model": "contact",
}
CONTACT_FIELDS_LISTING: dict[str, Any] = {
    "customFields": [
        STANDARD_FIELD, STANDARD_FIELD_WITHOUT_OPTIONS, FOLDER_ENTRY, ENTRY_WITHOUT_NAME,
        DATA_TYPE_AS_OBJECT, CUSTOM_TIER, CUSTOM_BUDGET,
    ],
    "traceId": "trace-fields-1",
}

# GET /objects/{contact|business|opportunity}?fetchProperties=true: standard properties
# embedded, some without id, options as picklistOptions [{key, label}], cache and traceId.
STANDARD_OBJECT_WITH_PROPERTIES: dict[str, Any] = {
    "object": {
        "id": "obj_contact", "key": "contact", "standard": True,
        "labels": {"singular": "Contact", "plural": "Contacts"},
        "primaryDisplayProperty": "contact.name",
        "searchableProperties": ["contact.email", "contact.tier"],
    },
    "fields": [
        {"fieldKey": "contact.first_name", "name": "First Name", "dataType": "TEXT",
         "standard": True},
        {"fieldKey": "contact.type", "name": "Type", "dataType": "SINGLE_OPTIONS",
         "standard": True,
         "picklistOptions": [{"key": "lead", "label": "Lead"}, {"key": "customer",
                                                                 "label": "Customer"}]},
        {"id": "prop_dnd", "fieldKey": "contact.dnd", "dataType": "CHECKBOX"},
        {"id": "cf_tier", "fieldKey": "contact.tier", "name": "Tier", "dataType": "RADIO",
         "picklistOptions": [{"key": "gold", "label": "Gold"}]},
    ],
    "cache": True,
    "traceId": "trace-objects-1",
}
CUSTOM_OBJECT_WITH_PROPERTIES: dict[str, Any] = {
    "object": {
        "id": "obj_property", "key": "custom_objects.property",
        "labels": {"singular": "Property", "plural": "Properties"},
        "primaryDisplayProperty": "custom_objects.property.address",
        "searchableProperties": ["custom_objects.property.address"],
    },
    "fields": [
        {"fieldKey": "custom_objects.property.created_at", "dataType": "DATE",
         "standard": True},
        {"id": "f_address", "fieldKey": "custom_objects.property.address", "name": "Address",
         "dataType": "TEXT"},
    ],
    "cache": False,
    "traceId": "trace-objects-2",
}

# Create answers that do not describe what was created (fields, objects, folders,
# associations, relations): GHL answered 200/201, the thing exists.
CREATED_ID_ONLY = {"id": "new_1"}
CREATED_SUCCESS_ONLY = {"success": True}
CREATED_EMPTY_BODY = b""
CREATED_NOT_JSON = b"Created"
