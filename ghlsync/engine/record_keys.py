"""Natural keys in the command pipeline: resolve them, check a saved plan, export them.

The commands call, in one line each:

- ``checked_location`` after loading the file: every file problem, then the location and token
  variable to connect to, before any request;
- ``resolve_in_location`` between connecting and reading the scope (``plan``, ``apply``,
  ``apply PLANFILE``);
- ``check_record_sides`` after reading the scope (live associations the file does not declare);
- ``check_same_resolution`` when applying a saved plan (before comparing plans);
- ``natural_key_names`` in ``export --natural-keys``;
- ``resolved_aliases`` in ``diff``, to compare records named by natural keys.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ghlsync.client.api import GhlClient
from ghlsync.client.records import RecordFinder
from ghlsync.config import ConfigDocument, Resolved, resolve
from ghlsync.config.natural_keys import used_keys, wrong_sides
from ghlsync.config.resolve import checked_location
from ghlsync.errors import ConfigError, ConfigProblem, StalePlanError, UsageError
from ghlsync.values.resolution import (
    KeyRequest,
    RecordSource,
    RecordValues,
    all_pages,
    normalised,
    resolve_keys,
)
from ghlsync.values.state import (
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    LiveState,
    NaturalKey,
    ResolvedRecord,
)

__all__ = [
    "DEFAULT_KEY_PROPERTIES",
    "check_record_sides",
    "check_same_resolution",
    "checked_location",
    "natural_key_names",
    "parse_key_options",
    "record_objects",
    "resolve_in_location",
    "resolved_aliases",
    "resolved_keys",
]

DEFAULT_KEY_PROPERTIES = {"contact": "email", "business": "name", "opportunity": "name"}
"""What ``export --natural-keys`` names records by, unless ``--key OBJECT=PROPERTY``."""

_ALIAS_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]+")


def resolve_in_location(
    doc: ConfigDocument,
    environment: str | None,
    location: str | None,
    client: GhlClient,
) -> Resolved:
    """``resolve`` with every natural-key alias the file uses resolved in ``client``'s location.

    ``client`` is for the location (``checked_location``).
    Raises ResolutionError (a ConfigError) listing every key that matched none or several.
    Without natural keys it sends no request.
    """
    requests = used_keys(doc)
    finder = RecordFinder(client)
    records = resolve_keys(finder, requests, client.location_id)
    return resolve(doc, environment, location, records)


def resolved_aliases(client: GhlClient, requests: Sequence[KeyRequest]) -> dict[str, str]:
    """Record id -> alias for natural keys resolved in ``client``'s location (``diff``)."""
    return {record_id: alias for record_id, (alias, _) in resolved_keys(client, requests).items()}


def resolved_keys(
    client: GhlClient, requests: Sequence[KeyRequest]
) -> dict[str, tuple[str, NaturalKey]]:
    """Record id -> (alias, natural key) for keys resolved in ``client``'s location."""
    if not requests:
        return {}
    resolved = resolve_keys(RecordFinder(client), requests, client.location_id)
    return {record.id: (record.alias, record.key) for record in resolved}


def check_record_sides(desired: DesiredState, live: LiveState) -> None:
    """Refuse relations naming a natural-key record of another object than its side.

    A declared association's sides are the file's (validate checked them; a replacement
    changes them); only associations the file does not declare are checked against the
    location."""
    objects = {record.alias: record.key.object for record in desired.resolved}
    associations = live.associations
    problems = [
        problem
        for relation in desired.relations
        if relation.association_key in associations
        and relation.association_key not in desired.associations
        for problem in _side_problems(relation, associations[relation.association_key], objects)
    ]
    if problems:
        raise ConfigError(problems)


def _side_problems(
    relation: DesiredRelation, association: LiveAssociation, objects: Mapping[str, str]
) -> list[ConfigProblem]:
    key, source = relation.association_key, relation.source
    names = (relation.first.alias or "", relation.second.alias or "")
    wanted = (association.first.object, association.second.object)
    return [
        ConfigProblem(
            source.file,
            source.line,
            f"relations.{key}: record '{name}' is a {found}, but the {side} object "
            f"of association '{key}' in the location is {expected}",
        )
        for side, name, found, expected in wrong_sides(names, wanted, objects)
    ]


def check_same_resolution(
    saved: Sequence[ResolvedRecord], fresh: Sequence[ResolvedRecord]
) -> None:
    """Refuse a saved plan whose natural keys now resolve to other ids (it is stale)."""
    now = {record.alias: record for record in fresh}
    moved = [
        f"record '{r.alias}' ({r.key}) now resolves to {now[r.alias].id}, not {r.id}"
        for r in saved
        if r.alias in now and now[r.alias].id != r.id
    ]
    gone = sorted({r.alias for r in saved} ^ set(now))
    if gone:
        moved.append(f"natural-key aliases differ from the plan's: {', '.join(gone)}")
    if moved:
        raise StalePlanError(
            "saved plan is stale: " + "; ".join(moved) + " (run `ghlsync plan --out` again); "
            "nothing was changed"
        )


def parse_key_options(options: Iterable[str]) -> dict[str, str]:
    """``--key OBJECT=PROPERTY`` options -> object -> property (over the defaults)."""
    chosen = dict(DEFAULT_KEY_PROPERTIES)
    for option in options:
        object_key, _, name = option.partition("=")
        if not object_key.strip() or not name.strip():
            raise UsageError(f"--key {option!r}: expected OBJECT=PROPERTY, e.g. "
                             "custom_objects.property=mls_number")
        chosen[object_key.strip()] = name.strip()
    return chosen


def record_objects(live: LiveState) -> dict[str, str]:
    """Record id -> its object, known from the sides of the live relations it is on."""
    by_id = live.association_by_id()
    objects: dict[str, str] = {}
    for relation in live.relations.values():
        association = by_id.get(relation.association_id)
        if association is not None:
            objects.setdefault(relation.first_record_id, association.first.object)
            objects.setdefault(relation.second_record_id, association.second.object)
    return objects


def natural_key_names(
    source: RecordSource,
    objects_by_record: Mapping[str, str],
    key_properties: Mapping[str, str],
    reserved: Iterable[str] = (),
) -> dict[str, tuple[str, NaturalKey]]:
    """Record id -> (alias, natural key) for records whose key value is unique in the location.

    ``objects_by_record`` gives each exported record's object; each object with a key
    property is listed once. Records without a unique, clean value are left out (ids stay).
    Aliases avoid ``reserved`` names (those a file already declares).
    """
    wanted: dict[str, list[str]] = defaultdict(list)
    for record_id, object_key in objects_by_record.items():
        if object_key in key_properties:
            wanted[object_key].append(record_id)
    named: dict[str, tuple[str, NaturalKey]] = {}
    taken = set(reserved)
    for object_key, record_ids in sorted(wanted.items()):
        records = _all_records(source, object_key)
        keys = _unique_keys(records, object_key, key_properties[object_key])
        for record_id in sorted(record_ids):
            if record_id in keys:
                named[record_id] = (_alias(keys[record_id].value, taken), keys[record_id])
    return named


def _all_records(source: RecordSource, object_key: str) -> list[RecordValues]:
    return all_pages(functools.partial(source.list_page, object_key), f"{object_key} records")


def _unique_keys(
    records: Sequence[RecordValues], object_key: str, name: str
) -> dict[str, NaturalKey]:
    values = {r.id: r.properties.get(name, "") for r in records}
    counts = Counter(normalised(name, v) for v in values.values() if v)
    return {
        record_id: NaturalKey(object_key, name, value)
        for record_id, value in values.items()
        if value and value == value.strip() and counts[normalised(name, value)] == 1
    }


def _alias(value: str, taken: set[str]) -> str:
    base = _ALIAS_CHARACTERS.sub("_", value.split("@")[0].lower()).strip("_") or "record"
    alias, number = base, 2
    while alias in taken:
        alias, number = f"{base}_{number}", number + 1
    taken.add(alias)
    return alias
