"""Which location, token variable and records a command works on, before any request is sent.

``plan`` and ``apply`` take theirs from the resolved configuration; ``export`` and ``diff``
may work without one (raw ``--location`` ids) or across two environments of one file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ghlsync.config import ConfigDocument, record_aliases, record_ids
from ghlsync.config.ids import check_location_option, is_safe_id
from ghlsync.config.natural_keys import used_keys
from ghlsync.config.resolve import checked_location
from ghlsync.errors import UsageError
from ghlsync.kinds.file import load_document
from ghlsync.values.resolution import KeyRequest

__all__ = [
    "ComparisonSide",
    "ExportRequest",
    "comparison_sides",
    "export_check_command",
    "export_request",
]


@dataclass(frozen=True, slots=True)
class ExportRequest:
    location_id: str
    token_env: str | None
    environment: str | None
    records: tuple[str, ...]
    document: ConfigDocument | None = None
    read_token_env: str | None = None

    def where(self) -> str:
        """The location (and environment) as the exported file's header names it."""
        environment = f" ({self.environment})" if self.environment else ""
        return f"location {self.location_id}{environment}"


def export_request(
    config: Path,
    environment: str | None,
    location: str | None,
    records: tuple[str, ...],
    records_from: Path | None,
) -> ExportRequest:
    """Work out what to export: a file is read only when --env or --records-from needs it."""
    _check_records(records)
    document = _export_document(config, environment, location, records_from)
    if document is None:
        assert location is not None
        location = check_location_option(location)
        return ExportRequest(location, None, None, tuple(sorted(set(records))))
    access = checked_location(document, environment, location)
    named = record_ids(document, environment) if records_from else []
    return ExportRequest(
        access.location_id,
        access.token_env,
        environment,
        tuple(sorted({*records, *named})),
        document if records_from else None,
        access.read_token_env,
    )


def _check_records(records: tuple[str, ...]) -> None:
    unsafe = [record for record in records if not is_safe_id(record)]
    if unsafe:
        raise UsageError(
            f"--record {unsafe[0]!r} is not a record id: use letters, digits, '_' and '-' only"
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


@dataclass(frozen=True, slots=True)
class ComparisonSide:
    name: str
    location_id: str
    token_env: str | None
    aliases: Mapping[str, str] = field(default_factory=dict)
    read_token_env: str | None = None
    natural_keys: tuple[KeyRequest, ...] = ()


def comparison_sides(
    config: Path, environments: tuple[str, ...], locations: tuple[str, ...]
) -> tuple[ComparisonSide, ComparisonSide]:
    """Two environments of the file (with their record aliases), or two raw locations."""
    if len(environments) == 2 and not locations:
        document = load_document(config)
        first, second = (_environment_side(document, name) for name in environments)
        return first, second
    if len(locations) == 2 and not environments:
        for location in locations:
            check_location_option(location)
        return ComparisonSide(locations[0], locations[0], None), ComparisonSide(
            locations[1], locations[1], None
        )
    raise UsageError(
        "diff compares two locations: give --env A --env B or --location X --location Y"
    )


def _environment_side(document: ConfigDocument, name: str) -> ComparisonSide:
    access = checked_location(document, name, None)
    aliases = record_aliases(document, name)
    return ComparisonSide(
        name,
        access.location_id,
        access.token_env,
        aliases,
        access.read_token_env,
        tuple(used_keys(document)),
    )
