"""What ``export`` reads from a location and from the file it names records by (docs/design.md,
"Promotion and export"): the closure of relations, the objects, natural keys, and the
sections of the other kinds. Prints nothing."""

from __future__ import annotations

from collections.abc import Sequence

from ghlsync.client import GhlClient
from ghlsync.client.records import RecordFinder
from ghlsync.config import ConfigDocument, record_aliases
from ghlsync.config.models import NaturalKeyModel
from ghlsync.config.natural_keys import used_keys
from ghlsync.engine.record_keys import (
    natural_key_names,
    parse_key_options,
    record_objects,
    resolved_keys,
)
from ghlsync.kinds.associations.read import read_closure
from ghlsync.kinds.protocol import ExportSection
from ghlsync.kinds.registry import KINDS
from ghlsync.values.objects import LiveObjects
from ghlsync.values.state import LiveState, NaturalKey

__all__ = [
    "LiveObjects",
    "NaturalKey",
    "aliases",
    "environments",
    "file_keys",
    "kind_sections",
    "natural_keys",
    "parse_key_options",
    "read_live",
    "read_whole",
    "records_section",
]


def read_live(client: GhlClient, records: Sequence[str]) -> LiveState:
    """The associations and every relation reachable from ``records`` (the export's closure)."""
    return read_closure(client, records)


def read_whole(client: GhlClient) -> LiveState:
    """Everything the kinds have in the location (``ManagedKind.read_whole``): the objects
    with their fields, and the rest; what the token may not read stays unread."""
    live = LiveState(client.location_id)
    for kind in KINDS:
        live = kind.read_whole(client, live)
    return live


def kind_sections(live: LiveState) -> list[ExportSection]:
    """The sections the kinds write beyond associations, relations and objects
    (``ManagedKind.export``); one the token could not read says so."""
    return [section for kind in KINDS if (section := kind.export(live)) is not None]


def aliases(document: ConfigDocument | None, environment: str | None) -> dict[str, str]:
    """Record id -> alias, from the file's ``records`` for ``environment``."""
    return record_aliases(document, environment) if document else {}


def file_keys(
    client: GhlClient, document: ConfigDocument | None
) -> dict[str, tuple[str, NaturalKey]]:
    return {} if document is None else resolved_keys(client, used_keys(document))


def natural_keys(
    client: GhlClient,
    live: LiveState,
    key_properties: dict[str, str] | None,
    section: dict[str, dict[str, str]] | None,
) -> dict[str, tuple[str, NaturalKey]]:
    if key_properties is None:
        return {}
    finder = RecordFinder(client)
    return natural_key_names(finder, record_objects(live), key_properties, section or {})


def records_section(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None:
        return None
    return {alias: _record_entry(entry) for alias, entry in document.model.records.items()}


def _record_entry(entry: dict[str, str] | NaturalKeyModel) -> dict[str, str]:
    if isinstance(entry, NaturalKeyModel):
        name, value = entry.key_property
        return {"object": entry.object, name: value}
    return dict(entry)


def environments(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None or not document.model.environments:
        return None
    return {
        name: {k: v for k, v in env.model_dump().items() if v is not None}
        for name, env in document.model.environments.items()
    }


