"""``ghlsync export``: write a location's live state as a configuration file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ghlsync import exitcodes
from ghlsync.atomic import check_writable, write_text_atomically
from ghlsync.client import GhlClient
from ghlsync.client.objects import SchemaClient
from ghlsync.client.records import RecordFinder
from ghlsync.config import ConfigDocument, record_aliases
from ghlsync.config.models import NaturalKeyModel
from ghlsync.config.natural_keys import used_keys
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.errors import UsageError
from ghlsync.model import LiveState, NaturalKey
from ghlsync.objects.across import read_whole_schema
from ghlsync.objects.model import LiveSchema
from ghlsync.reading import read_closure
from ghlsync.record_keys import (
    natural_key_names,
    parse_key_options,
    record_objects,
    resolved_keys,
)
from ghlsync.redaction import scrub
from ghlsync.render.export_objects import export_objects_lines
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
    natural_keys: bool = False
    keys: tuple[str, ...] = ()
    force: bool = False

    def check_output(self) -> None:
        """Before any request: ``-o`` must be writable, and an existing file needs --force."""
        if self.output is None:
            return
        check_writable(self.output, "the export")
        if self.output.is_symlink():
            raise UsageError(_symlink_refusal(self.output))
        if self.output.exists() and not self.force:
            raise UsageError(
                f"{self.output} already exists: nothing was written (pass --force to "
                "overwrite it, or choose another -o file)"
            )

    def key_properties(self) -> dict[str, str] | None:
        """Object -> the property naming its records, or None without ``--natural-keys``."""
        if not self.natural_keys:
            if self.keys:
                raise UsageError("--key needs --natural-keys")
            return None
        return parse_key_options(self.keys)


def run(options: ExportOptions, conn: ConnectionOptions, console: Console) -> int:
    key_properties = options.key_properties()
    options.check_output()
    request = export_request(
        options.config,
        options.environment,
        options.location,
        options.records,
        options.records_from,
    )
    with connect(
        conn, request.location_id, request.token_env, read_token_env=request.read_token_env
    ) as client:
        file_keys = _file_keys(client, request.document)
        request = replace(request, records=tuple(sorted({*request.records, *file_keys})))
        schema = read_whole_schema(SchemaClient(client))
        text = scrub(export_text(client, request, key_properties, file_keys, schema))
    if options.output is None:
        console.out.write(text)
        return exitcodes.OK
    _write(options.output, text)
    check = export_check_command(request, options.output)
    console.note(f"Wrote {options.output}: check it with `{check}`.")
    return exitcodes.OK


def export_text(
    client: GhlClient,
    request: ExportRequest,
    key_properties: dict[str, str] | None = None,
    file_keys: Mapping[str, tuple[str, NaturalKey]] | None = None,
    schema: LiveSchema | None = None,
) -> str:
    """The file; with ``key_properties``, records with a unique key value are named by it.

    ``file_keys`` are the natural keys of ``--records-from``'s file, resolved here: their
    records are written as that file names them. ``schema`` adds ``objects:``.
    """
    live = read_closure(client, request.records)
    document = request.document
    section = _records_section(document)
    text = export_document(
        live,
        location=request.location_id,
        source=request.where(),
        generated_at=datetime.now(UTC).replace(microsecond=0),
        records=request.records,
        aliases=record_aliases(document, request.environment) if document else {},
        records_section=section,
        environments=_environments(document),
        environment=request.environment,
        natural_keys={**_natural_keys(client, live, key_properties, section), **(file_keys or {})},
    )
    objects = export_objects_lines(schema) if schema is not None else []
    return text + "\n" + "\n".join(objects) + "\n" if objects else text


def _file_keys(
    client: GhlClient, document: ConfigDocument | None
) -> dict[str, tuple[str, NaturalKey]]:
    return {} if document is None else resolved_keys(client, used_keys(document))


def _natural_keys(
    client: GhlClient,
    live: LiveState,
    key_properties: dict[str, str] | None,
    section: dict[str, dict[str, str]] | None,
) -> dict[str, tuple[str, NaturalKey]]:
    if key_properties is None:
        return {}
    finder = RecordFinder(client)
    return natural_key_names(finder, record_objects(live), key_properties, section or {})


def _write(output: Path, text: str) -> None:
    """Atomically (readers see the old file or the new); a symbolic link is not followed."""
    if output.is_symlink():
        raise UsageError(_symlink_refusal(output))
    try:
        write_text_atomically(output, text)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from None


def _symlink_refusal(output: Path) -> str:
    return f"refusing to write {output}: it is a symbolic link; name the file itself"


def _records_section(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None:
        return None
    return {alias: _record_entry(entry) for alias, entry in document.model.records.items()}


def _record_entry(entry: dict[str, str] | NaturalKeyModel) -> dict[str, str]:
    if isinstance(entry, NaturalKeyModel):
        name, value = entry.key_property
        return {"object": entry.object, name: value}
    return dict(entry)


def _environments(document: ConfigDocument | None) -> dict[str, dict[str, str]] | None:
    if document is None or not document.model.environments:
        return None
    return {
        name: {k: v for k, v in env.model_dump().items() if v is not None}
        for name, env in document.model.environments.items()
    }
