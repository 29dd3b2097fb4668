"""What the command line prints besides plans: notes, warnings, errors, the apply report.

Plans and reports go to stdout; notes, warnings and errors to stderr, so that
``--format json`` leaves stdout a single JSON document.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TextIO, cast

import click

from ghlsync.errors import ApprovalDeclined
from ghlsync.plumbing.redaction import scrub
from ghlsync.render.colour import Role, paint
from ghlsync.render.neutral import terminal, workflow_safe

if TYPE_CHECKING:  # validate (pre-commit) must not load the client or the executor
    from ghlsync.client.stats import ClientStats
    from ghlsync.engine.executor import ApplyReport, Outcome
    from ghlsync.plumbing.runner import TaskPool

__all__ = ["CONFIRM_PROMPT", "Console", "wants_color"]

READ_PROGRESS_SECONDS = 5.0
CONFIRM_PROMPT = "Do you want to perform these actions? Only 'yes' will be accepted: "


def wants_color(
    stream: TextIO, choice: bool | None, environ: Mapping[str, str] = os.environ
) -> bool:
    """``--color``/``--no-color`` first, then FORCE_COLOR, then ``TERM=dumb`` (no colour), then
    NO_COLOR (when not empty), then whether ``stream`` is a terminal."""
    if choice is not None:
        return choice
    if environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return not environ.get("NO_COLOR") and stream.isatty()


class Pooled(Protocol):
    pool: TaskPool

    @property
    def stats(self) -> ClientStats: ...


class _Scrubbed:
    """A text stream that scrubs known tokens from every write and defuses workflow commands
    (an output boundary: every renderer writes whole lines or documents, and a token holds no
    newline)."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        return self._inner.write(workflow_safe(scrub(text)))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _scrubbed(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, _Scrubbed) else cast(TextIO, _Scrubbed(stream))


def _lines(text: str) -> str:
    """A message's own lines kept, each neutralised (it may quote a server or a file)."""
    return "\n".join(terminal(line) for line in text.split("\n"))


@dataclass(slots=True)
class Console:
    """Where a command prints; both streams scrub known tokens (``redaction.scrub``)."""

    color: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def __post_init__(self) -> None:
        self.out = _scrubbed(self.out)
        self.err = _scrubbed(self.err)

    def print(self, text: str = "") -> None:
        click.echo(text, file=self.out, color=self.color)

    def note(self, text: str) -> None:
        click.echo(text, file=self.err, color=self.color)

    def warn(self, text: str) -> None:
        self.note(paint(f"Warning: {_lines(text)}", Role.WARNING, self.color))

    def error(self, text: str) -> None:
        self.note(paint(f"Error: {_lines(text)}", Role.ERROR, self.color))

    def confirm(self, stdin: TextIO, auto_approve: bool) -> None:
        """Ask for 'yes' on a terminal; refuse without one unless auto-approved."""
        if auto_approve:
            return
        if not stdin.isatty():
            raise ApprovalDeclined(
                "no terminal to ask for approval: nothing was changed "
                "(use --auto-approve, or apply a reviewed plan file)"
            )
        self.out.write(f"\n{CONFIRM_PROMPT}")
        self.out.flush()
        if stdin.readline().strip() != "yes":
            raise ApprovalDeclined("apply cancelled: nothing was changed")

    @contextmanager
    def progress(self, total: int) -> Iterator[Callable[[Outcome], None]]:
        """A progress bar on a terminal (operations done/total), else one line per finished
        operation (on stdout). Operations an interruption kept from starting move neither: the
        report counts them in one line."""
        from ghlsync.render.report import outcome_line

        if not self.err.isatty():
            self.print()
            yield lambda outcome: None if outcome.cut_off else self.print(
                outcome_line(outcome, self.color)
            )
            return
        with click.progressbar(
            length=total, label="Applying", file=self.err, show_pos=True, color=self.color
        ) as bar:
            yield lambda outcome: None if outcome.cut_off else bar.update(1)

    @contextmanager
    def reading(
        self, client: Pooled, clock: Callable[[], float] = time.monotonic
    ) -> Iterator[None]:
        """While inside, a line on stderr every few seconds about the relation listings."""
        from ghlsync.render.progress import read_progress_line

        pool = client.pool
        started = clock()
        last = [started]
        reads_before = client.stats.reads  # this reading's GETs only, never an apply's writes

        def tell(done: int, total: int) -> None:
            now = clock()
            if now - last[0] >= READ_PROGRESS_SECONDS or (done == total and last[0] > started):
                last[0] = now
                reads = client.stats.reads - reads_before
                self.note(read_progress_line(done, total, reads, now - started))

        client.pool = replace(pool, on_progress=tell)
        try:
            yield
        finally:
            client.pool = pool

    def report(self, report: ApplyReport) -> None:
        from ghlsync.render.report import report_lines

        for line in report_lines(report, self.color):
            self.print(line)
