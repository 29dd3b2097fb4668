"""Live state -> ghlsync.yaml text (``ghlsync export``).

The text is written line by line rather than through ``yaml.safe_dump`` so that it reads like
a hand-written file (flow pairs for relations, one line per side of an association), and every
scalar goes through :func:`yaml_scalar`, which quotes whatever YAML could misread. The output
depends only on the inputs: the same live state gives the same bytes (bar the header's time).

Record names: an id is written as its alias when one is known, from ``aliases`` or from the
``records_section`` column of ``environment`` (``default`` without one). An alias written but
not declared there is added to ``records:``; an explicit alias that the section already gives
another id for that column is ignored (the raw id is written instead). Values are written so
that the loader's ``${VAR}`` substitution gives them back unchanged (``$${``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType

import yaml

from ghlsync.config.semantics import DEFAULT_ENVIRONMENT
from ghlsync.values.state import LiveAssociation, LiveState, NaturalKey, RelationKey
from ghlsync.version import __version__

__all__ = [
    "SCHEMA_COMMENT",
    "export_document",
    "yaml_quoted_value",
    "yaml_scalar",
    "yaml_string",
    "yaml_value",
]

# Editors with the YAML language server check the file against the schema beside it, which
# `ghlsync schema > ghlsync.schema.json` writes (the header says so).
SCHEMA_COMMENT = "# yaml-language-server: $schema=ghlsync.schema.json"

_NO_ALIASES: Mapping[str, str] = MappingProxyType({})
_NO_KEYS: Mapping[str, tuple[str, NaturalKey]] = MappingProxyType({})
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# What YAML lets stand unescaped in a double-quoted scalar (no line breaks, BOM or controls).
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ENVIRONMENT_FIELDS = ("location", "token_env", "read_token_env")



def export_document(
    live: LiveState,
    *,
    location: str,
    source: str,
    generated_at: datetime,
    records: Sequence[str],
    aliases: Mapping[str, str] = _NO_ALIASES,
    records_section: Mapping[str, Mapping[str, str]] | None = None,
    environments: Mapping[str, Mapping[str, str]] | None = None,
    environment: str | None = None,
    natural_keys: Mapping[str, tuple[str, NaturalKey]] = _NO_KEYS,
) -> str:
    """Render ``live`` as a configuration file that plans to "No changes." against it.

    USER_DEFINED associations are declared; relations of every association (system ones
    too) are listed; ``records`` without any relation go to ``managed_records``.
    ``aliases`` maps record id -> alias; more are taken from ``records_section`` for
    ``environment``. ``natural_keys`` maps record id -> (alias, natural key): those records
    are declared by their key, not their id. A naive ``generated_at`` is taken as UTC.
    """
    relations = _relation_keys(live)
    column = environment or DEFAULT_ENVIRONMENT
    names = _record_names(aliases, records_section or {}, column)
    names.update({record_id: alias for record_id, (alias, _) in natural_keys.items()})
    used = _used_record_ids(relations, records)
    section = _records_to_declare(records_section or {}, names, used, column, natural_keys)
    blocks = [
        [*_header(source, generated_at), "version: 1", *_target_lines(location, environments)],
        _association_lines(live.associations.values()),
        [
            *_records_lines({**section, **_natural_records(natural_keys, used)}),
            *_managed_lines(records, relations, names),
        ],
        _relation_lines(relations, names),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when it cannot be misread, double-quoted otherwise."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and _reads_back(text):
        return text
    return yaml_string(text)


def yaml_string(text: str) -> str:
    """``text`` double-quoted, escaping what YAML would fold, strip or reject."""
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _value(text: str) -> str:
    """A scalar in value position, where the loader replaces ``${VAR}``: keep it literal."""
    return yaml_scalar(text.replace("${", "$${"))


def _quoted_value(text: str) -> str:
    return yaml_string(text.replace("${", "$${"))


yaml_value = _value  # for the objects block (render/export_objects.py)
yaml_quoted_value = _quoted_value


def _reads_back(text: str) -> bool:
    return bool(yaml.safe_load(text) == text)


def _escape(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if _PRINTABLE.fullmatch(ch):
        return ch
    code = ord(ch)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def _header(source: str, generated_at: datetime) -> list[str]:
    when = _utc(generated_at).strftime("%Y-%m-%dT%H:%M:%SZ")
    origin = " ".join(source.split())
    return [
        SCHEMA_COMMENT,
        f"# Exported by ghlsync {__version__} from {origin} at {when}.",
        "# It declares what was live then: review it before planning with it.",
        "# Editor checks: `ghlsync schema > ghlsync.schema.json` beside this file.",
    ]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _target_lines(location: str, environments: Mapping[str, Mapping[str, str]] | None) -> list[str]:
    if environments:
        return _environment_lines(environments)
    return [f"location: {_quoted_value(location)}"]


def _environment_lines(environments: Mapping[str, Mapping[str, str]]) -> list[str]:
    lines = ["environments:"]
    for name, settings in environments.items():
        ordered = sorted(settings.items(), key=lambda item: _field_order(item[0]))
        pairs = [f"{yaml_scalar(k)}: {_environment_value(k, v)}" for k, v in ordered]
        lines.append(f"  {yaml_scalar(name)}: {{ {', '.join(pairs)} }}")
    return lines


def _field_order(field_name: str) -> tuple[int, str]:
    known = _ENVIRONMENT_FIELDS
    return (known.index(field_name) if field_name in known else len(known), field_name)


def _environment_value(field_name: str, value: str) -> str:
    return _quoted_value(value) if field_name == "location" else _value(value)


def _association_lines(associations: Iterable[LiveAssociation]) -> list[str]:
    declared = sorted((a for a in associations if a.is_user_defined), key=lambda a: a.key)
    if not declared:
        return ["associations: []"]
    lines = ["associations:"]
    for association in declared:
        lines += [
            f"  - key: {_value(association.key)}",
            f"    first:  {_side(association.first.object, association.first.label)}",
            f"    second: {_side(association.second.object, association.second.label)}",
        ]
    return lines


def _side(object_key: str, label: str) -> str:
    return f"{{ object: {_value(object_key)}, label: {_value(label)} }}"


def _relation_keys(live: LiveState) -> list[RelationKey]:
    """Every live relation as (association key, first, second), once each.

    A relation whose association is not in ``live.associations`` cannot be declared (its key
    is unknown), so it is left out.
    """
    by_id = live.association_by_id()
    keys = {
        (by_id[r.association_id].key, r.first_record_id, r.second_record_id)
        for r in live.relations.values()
        if r.association_id in by_id
    }
    return sorted(keys)


def _record_names(
    aliases: Mapping[str, str], section: Mapping[str, Mapping[str, str]], column: str
) -> dict[str, str]:
    """Record id -> alias: the section's column (first alias wins), then consistent extras."""
    names: dict[str, str] = {}
    for alias, ids in section.items():
        if column in ids:
            names.setdefault(ids[column], alias)
    for record_id, alias in aliases.items():
        if section.get(alias, {}).get(column, record_id) == record_id:
            names[record_id] = alias
    return names


def _used_record_ids(relations: Iterable[RelationKey], records: Iterable[str]) -> set[str]:
    return {rid for _, first, second in relations for rid in (first, second)} | set(records)


def _records_to_declare(
    section: Mapping[str, Mapping[str, str]],
    names: Mapping[str, str],
    used: set[str],
    column: str,
    natural_keys: Mapping[str, object] = _NO_ALIASES,
) -> dict[str, Mapping[str, str]]:
    """The records section given, plus the column of every alias written but not declared."""
    declared: dict[str, Mapping[str, str]] = dict(section)
    for record_id in sorted(used & names.keys() - natural_keys.keys()):
        alias = names[record_id]
        declared[alias] = {**declared.get(alias, {}), column: record_id}
    return declared


def _natural_records(
    natural_keys: Mapping[str, tuple[str, NaturalKey]], used: set[str]
) -> dict[str, Mapping[str, str]]:
    """``alias: {object: ..., property: value}`` for the records named by a natural key."""
    return {
        alias: {"object": key.object, key.property: key.value}
        for record_id, (alias, key) in sorted(natural_keys.items(), key=lambda item: item[1][0])
        if record_id in used
    }


def _records_lines(section: Mapping[str, Mapping[str, str]]) -> list[str]:
    if not section:
        return []
    lines = ["records:"]
    for alias, ids in section.items():
        pairs = ", ".join(f"{yaml_scalar(env)}: {_quoted_value(rid)}" for env, rid in ids.items())
        lines.append(f"  {yaml_scalar(alias)}: {{ {pairs} }}")
    return lines


def _name(record_id: str, names: Mapping[str, str]) -> tuple[str, bool]:
    """How a record is written, and whether that is an alias."""
    alias = names.get(record_id)
    return (alias, True) if alias is not None else (record_id, False)


def _render_name(name: tuple[str, bool]) -> str:
    text, is_alias = name
    return _value(text) if is_alias else _quoted_value(text)


def _managed_lines(
    records: Sequence[str], relations: Iterable[RelationKey], names: Mapping[str, str]
) -> list[str]:
    related = _used_record_ids(relations, ())
    orphans = sorted({_name(r, names) for r in records if r not in related})
    rendered = ", ".join(_render_name(name) for name in orphans)
    return [f"managed_records: [{rendered}]"] if orphans else []


def _relation_lines(relations: Sequence[RelationKey], names: Mapping[str, str]) -> list[str]:
    if not relations:
        return []
    grouped: dict[str, list[tuple[tuple[str, bool], tuple[str, bool]]]] = {}
    for key, first, second in relations:
        grouped.setdefault(key, []).append((_name(first, names), _name(second, names)))
    lines = ["relations:"]
    for key in sorted(grouped):
        lines.append(f"  {yaml_scalar(key)}:")
        lines += [
            f"    - [{_render_name(first)}, {_render_name(second)}]"
            for first, second in sorted(grouped[key])
        ]
    return lines
