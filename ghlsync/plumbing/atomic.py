"""Write a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ghlsync.errors import UsageError
from ghlsync.plumbing.redaction import scrub

__all__ = ["check_writable", "unwritable_reason", "write_text_atomically"]


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    Raises OSError (the caller says which file it was); the temporary file never remains.
    Known tokens are scrubbed from ``text`` first (an output boundary: docs/design.md).
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(scrub(text))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_writable(path: Path | None, what: str) -> None:
    """Raise UsageError (nothing sent, nothing written) when ``what`` cannot go to ``path``."""
    reason = None if path is None else unwritable_reason(path)
    if reason is not None:
        raise UsageError(f"cannot write {what} {path}: {reason}; nothing was sent")


def unwritable_reason(path: Path) -> str | None:
    """Why ``path`` could not be written by :func:`write_text_atomically`, or None if it can.

    Checked before the first request, so that a typo in an output path costs nothing; it
    creates nothing.
    """
    parent = path.parent
    if not parent.is_dir():
        return f"the directory {parent} does not exist"
    if path.is_dir():
        return "it is a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"the directory {parent} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    return None
