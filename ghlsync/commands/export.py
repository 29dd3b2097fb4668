"""``ghlsync export``: write a location's live state as a configuration file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ghlsync import exitcodes
from ghlsync.config import ConfigDocument, record_aliases
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.errors import UsageError
from ghlsync.reading import LiveReader, read_closure
from ghlsync.render.export_yaml import export_document
from ghlsync.targets import ExportRequest, export_check_command, export_request

__all__ = ["ExportOptions", "export_text", "run"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    config: Path
    environment: str | None = None
    location: str | None = None
    records: tuple[str, ...] = ()
    records_from: Path | None = None
    output: Path | None = None


def run(options: ExportOptions, conn: ConnectionOptions, console: Console) -> int:
    request = export_request(
        options.config,
        options.environment,
        options.location,
        options.records,
        options.records_from,
    )
    with connect(conn, request.location_id, request.token_env) as client:
        text = export_text(client, request)
    if options.output is None:
        console.out.write(text)
        return exitcodes.OK
    _write(options.output, text)
    check = export_check_command(request, options.output)
    console.note(f"Wrote {options.output}: check it with `{check}`.")
    return exitcodes.OK


def export_text(client: LiveReader, request: ExportRequest) -> str:
    live = read_closure(client, request.records)
    document = request.document
    return export_document(
        live,
        location=request.location_id,
        source=request.where(),
        generated_at=datetime.now(UTC).replace(microsecond=0),
        records=request.records,
        aliases=record_aliases(document, request.environment) if document else {},
        records_section=_records_section(document),
        environments=_environments(document),
        environment=request.environment,
    )


def _write(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from None


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
