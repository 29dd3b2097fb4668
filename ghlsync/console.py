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

from ghlsync.apply import ApplyReport, Outcome, OutcomeStatus
from ghlsync.errors import ApprovalDeclined
from ghlsync.plan import Action, AssociationChange

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
        click.echo(click.style(f"Warning: {text}", fg="yellow"), file=self.err, color=self.color)

    def error(self, text: str) -> None:
        click.echo(click.style(f"Error: {text}", fg="red"), file=self.err, color=self.color)

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
        self.print()
        if report.complete:
            self.print(click.style(_complete_line(report), fg="green", bold=True))
            return
        for status in (OutcomeStatus.FAILED, OutcomeStatus.SKIPPED):
            self._list(status, report.with_status(status))
        done, failed, skipped = (len(report.with_status(s)) for s in OutcomeStatus)
        headline = "Apply interrupted" if report.interrupted else "Apply incomplete"
        self.print(
            click.style(f"{headline}: {done} done, {failed} failed, {skipped} not done.", fg="red")
        )
        self.print(_counts_line("Done so far", report))
        self.print("Running `ghlsync apply` again converges: it plans only what is left.")

    def _list(self, status: OutcomeStatus, outcomes: list[Outcome]) -> None:
        if outcomes:
            self.print(f"{status.value.capitalize()}:")
            for outcome in outcomes:
                self.print(f"  {outcome.change.address}: {outcome.detail}")


def _complete_line(report: ApplyReport) -> str:
    return _counts_line("Apply complete!", report)


def _counts_line(prefix: str, report: ApplyReport) -> str:
    done = [o.change for o in report.with_status(OutcomeStatus.DONE)]
    actions = [c.action for c in done]
    replaced = actions.count(Action.REPLACE)
    added = actions.count(Action.CREATE) + replaced
    destroyed = actions.count(Action.DELETE) + replaced
    changed = sum(1 for c in done if isinstance(c, AssociationChange) and c.action is Action.UPDATE)
    return f"{prefix} {added} added, {changed} changed, {destroyed} destroyed."
