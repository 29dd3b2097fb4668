"""What the command line prints besides plans: notes, warnings, errors, the apply report.

Plans and reports go to stdout; notes, warnings and errors to stderr, so that
``--format json`` leaves stdout a single JSON document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

import click

from ghlsync.errors import ApprovalDeclined
from ghlsync.executor import ApplyReport, Outcome
from ghlsync.render.colour import Role, paint
from ghlsync.render.report import report_lines

__all__ = ["CONFIRM_PROMPT", "Console", "wants_color"]

CONFIRM_PROMPT = "Do you want to perform these actions? Only 'yes' will be accepted: "


def wants_color(stream: TextIO, no_color: bool, environ: Mapping[str, str] = os.environ) -> bool:
    return not no_color and "NO_COLOR" not in environ and stream.isatty()


@dataclass(slots=True)
class Console:
    color: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def print(self, text: str = "") -> None:
        click.echo(text, file=self.out, color=self.color)

    def note(self, text: str) -> None:
        click.echo(text, file=self.err, color=self.color)

    def warn(self, text: str) -> None:
        self.note(paint(f"Warning: {text}", Role.WARNING, self.color))

    def error(self, text: str) -> None:
        self.note(paint(f"Error: {text}", Role.ERROR, self.color))

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
        """A progress bar on a terminal (nothing elsewhere); call the result per outcome."""
        if not self.err.isatty():
            yield lambda _outcome: None
            return
        with click.progressbar(length=total, label="Applying", file=self.err) as bar:
            yield lambda _outcome: bar.update(1)

    def report(self, report: ApplyReport) -> None:
        for line in report_lines(report, self.color):
            self.print(line)
