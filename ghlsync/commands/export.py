"""``ghlsync export``: write a location's live state as a configuration file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ghlsync import exitcodes
from ghlsync.commands.locations import ExportRequest, export_check_command, export_request
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.engine import export as reading
from ghlsync.errors import UsageError
from ghlsync.plumbing.redaction import scrub
from ghlsync.render import (
    check_writable,
    export_document,
    export_objects_lines,
    export_sections_text,
    write_text_atomically,
)

if TYPE_CHECKING:
    from ghlsync.connection import GhlClient

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
        return reading.parse_key_options(self.keys)


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
        file_keys = reading.file_keys(client, request.document)
        request = replace(request, records=tuple(sorted({*request.records, *file_keys})))
        whole = reading.read_whole(client)
        text = export_text(client, request, key_properties, file_keys, whole.objects)
        text = scrub(text + export_sections_text(reading.kind_sections(whole)))
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
    file_keys: Mapping[str, tuple[str, reading.NaturalKey]] | None = None,
    schema: reading.LiveObjects | None = None,
) -> str:
    """The file; with ``key_properties``, records with a unique key value are named by it.

    ``file_keys`` are the natural keys of ``--records-from``'s file, resolved here: their
    records are written as that file names them. ``schema`` adds ``objects:``.
    """
    live = reading.read_live(client, request.records)
    document = request.document
    section = reading.records_section(document)
    named = reading.natural_keys(client, live, key_properties, section)
    text = export_document(
        live,
        location=request.location_id,
        source=request.where(),
        generated_at=datetime.now(UTC).replace(microsecond=0),
        records=request.records,
        aliases=reading.aliases(document, request.environment),
        records_section=section,
        environments=reading.environments(document),
        environment=request.environment,
        natural_keys={**named, **(file_keys or {})},
    )
    objects = export_objects_lines(schema) if schema is not None else []
    return text + "\n" + "\n".join(objects) + "\n" if objects else text


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


