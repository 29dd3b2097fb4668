"""Working across locations: export one to YAML, and find what two of them disagree on.

These steps decide which location, token variable and records a command needs (from the
command line and, when given, a configuration file) before any request is sent.

Export reads more than the records it is given. A record that appears in a relation of
association K is in scope for K (SPEC §3), so every relation of that record through K must be
in the file too, or planning the export would delete it. The export therefore follows the
relations it finds, per association, until no new record is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ghlsync.config import ConfigDocument, load_document, record_aliases, record_ids, resolve
from ghlsync.errors import UsageError
from ghlsync.export import export_document
from ghlsync.model import LiveAssociation, LiveRelation, LiveState, ReadScope
from ghlsync.refresh import LiveReader, read_whole_records
from ghlsync.runner import run_tasks

__all__ = [
    "ComparisonSide",
    "ExportRequest",
    "comparison_sides",
    "export_check_command",
    "export_request",
    "export_text",
    "read_export_state",
    "read_side",
]


@dataclass(frozen=True, slots=True)
class ExportRequest:
    location_id: str
    token_env: str | None
    environment: str | None
    records: tuple[str, ...]
    document: ConfigDocument | None = None


def export_request(
    config: Path,
    environment: str | None,
    location: str | None,
    records: tuple[str, ...],
    records_from: Path | None,
) -> ExportRequest:
    """Work out what to export: a file is read only when --env or --records-from needs it."""
    document = _export_document(config, environment, location, records_from)
    if document is None:
        assert location is not None
        return ExportRequest(location, None, None, tuple(sorted(set(records))))
    target = resolve(document, environment, location)
    named = record_ids(document, environment) if records_from else []
    return ExportRequest(
        target.desired.location_id,
        target.token_env,
        environment,
        tuple(sorted({*records, *named})),
        document if records_from else None,
    )


def _export_document(
    config: Path, environment: str | None, location: str | None, records_from: Path | None
) -> ConfigDocument | None:
    if records_from is not None:
        return load_document(records_from)
    if environment is not None or location is None:
        if location is None and not config.exists():
            raise UsageError("export needs --location ID, or --env NAME with a config file")
        return load_document(config)
    return None


def export_text(client: LiveReader, request: ExportRequest, parallelism: int) -> str:
    live = read_export_state(client, request.location_id, request.records, parallelism)
    where = f"location {request.location_id}" + (
        f" ({request.environment})" if request.environment else ""
    )
    document = request.document
    return export_document(
        live,
        location=request.location_id,
        source=where,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        records=request.records,
        aliases=record_aliases(document, request.environment) if document else {},
        records_section=_records_section(document),
        environments=_environments(document),
        environment=request.environment,
    )


def export_check_command(request: ExportRequest, output: Path) -> str:
    """The ``ghlsync plan`` that checks an exported file against the location it came from."""
    command = f"ghlsync plan -c {output}"
    environments = request.document.model.environments if request.document else {}
    if not environments:
        return command  # the file names the location itself
    chosen = environments.get(request.environment or "")
    if chosen is not None:
        command += f" --env {request.environment}"
    if chosen is None or chosen.location != request.location_id:
        command += f" --location {request.location_id}"
    return command


def _records_section(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None:
        return None
    return {alias: dict(ids) for alias, ids in document.model.records.items()}


def _environments(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None or not document.model.environments:
        return None
    return {
        name: {k: v for k, v in env.model_dump().items() if v is not None}
        for name, env in document.model.environments.items()
    }


ScopePair = tuple[str, str]  # (record id, association key) whose relations were read


def read_export_state(
    client: LiveReader, location_id: str, records: Iterable[str], parallelism: int
) -> LiveState:
    """Every relation of ``records``, then of each record they reach, per association."""
    live = read_whole_records(client, location_id, sorted(set(records)), parallelism)
    read = {(record, key) for record in live.scope.records for key in live.associations}
    relations = dict(live.relations)
    by_id = live.association_by_id()
    while pending := _reached(relations.values(), by_id) - read:
        read |= pending
        relations.update(_read_pairs(client, pending, live.associations, parallelism))
    return LiveState(location_id, live.associations, relations, _scope_of(read))


def _reached(
    relations: Iterable[LiveRelation], by_id: Mapping[str, LiveAssociation]
) -> set[ScopePair]:
    return {
        (record, by_id[r.association_id].key)
        for r in relations
        if r.association_id in by_id
        for record in (r.first_record_id, r.second_record_id)
    }


def _read_pairs(
    client: LiveReader,
    pairs: set[ScopePair],
    associations: Mapping[str, LiveAssociation],
    parallelism: int,
) -> dict[str, LiveRelation]:
    scope = _scope_of(pairs).records
    outcome = run_tasks([_listing(client, r, scope[r], associations) for r in scope], parallelism)
    if outcome.interrupted:
        raise KeyboardInterrupt
    if (error := outcome.first_error()) is not None:
        raise error
    return {r.id: r for result in outcome.results for r in result.value or ()}


def _listing(
    client: LiveReader,
    record: str,
    keys: frozenset[str],
    associations: Mapping[str, LiveAssociation],
) -> Callable[[], list[LiveRelation]]:
    ids = sorted(associations[key].id for key in keys)
    return lambda: client.list_relations(record, ids)


def _scope_of(pairs: Iterable[ScopePair]) -> ReadScope:
    keys: dict[str, set[str]] = {}
    for record, key in pairs:
        keys.setdefault(record, set()).add(key)
    return ReadScope({record: frozenset(keys[record]) for record in sorted(keys)})


@dataclass(frozen=True, slots=True)
class ComparisonSide:
    name: str
    location_id: str
    token_env: str | None
    aliases: Mapping[str, str] = field(default_factory=dict)


def comparison_sides(
    config: Path, environments: tuple[str, ...], locations: tuple[str, ...]
) -> tuple[ComparisonSide, ComparisonSide]:
    """Two environments of the file (with their record aliases), or two raw locations."""
    if len(environments) == 2 and not locations:
        document = load_document(config)
        first, second = (_environment_side(document, name) for name in environments)
        return first, second
    if len(locations) == 2 and not environments:
        return ComparisonSide(locations[0], locations[0], None), ComparisonSide(
            locations[1], locations[1], None
        )
    raise UsageError(
        "diff compares two locations: give --env A --env B or --location X --location Y"
    )


def _environment_side(document: ConfigDocument, name: str) -> ComparisonSide:
    target = resolve(document, name, None)
    return ComparisonSide(
        name, target.desired.location_id, target.token_env, record_aliases(document, name)
    )


def read_side(client: LiveReader, side: ComparisonSide, parallelism: int) -> LiveState:
    """Associations, and the relations of the records that have an alias on this side."""
    return read_whole_records(client, side.location_id, sorted(side.aliases), parallelism)
