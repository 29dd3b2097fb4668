"""How ``ghlsync COMMAND --help`` reads: options in sections, then an example, the token
variables and the exit codes (README.md, "Commands")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

__all__ = ["SANDBOX_OPTIONS", "TOP_LEVEL_EPILOG", "SectionedCommand", "command_epilog"]

SANDBOX_OPTIONS = frozenset({"sandbox", "sandbox_faults"})
"""Testing aids: listed under their own heading, apart from the production options."""

TOKENS = (
    "GHL_TOKEN, or the token_env of the chosen --env\n"
    "  (a Private Integration token; never in the file)."
)
_EXIT_CODES = {
    "plain": "0 done, 1 error, 130 interrupted, 143 terminated (SIGTERM)",
    "changes": "0 no changes, 1 error, 2 changes (with --detailed-exitcode), 130 interrupted,\n"
    "  143 terminated (SIGTERM)",
    "differ": "0 same, 1 error, 2 the locations differ, 130 interrupted, 143 terminated",
}
TOP_LEVEL_EPILOG = (
    "\b\nExample:\n"
    "  ghlsync validate && ghlsync plan --env staging --out plan.json\n"
    "  ghlsync apply plan.json --env staging\n\n"
    "\b\nShell completion (bash; zsh and fish alike, see README):\n"
    '  eval "$(_GHLSYNC_COMPLETE=bash_source ghlsync)"\n\n'
    "\b\nEach command's --help has its own example."
)


def command_epilog(example: str, *, token: bool = True, exit_codes: str = "plain") -> str:
    """The text after the options; ``\\b`` keeps click from re-wrapping each paragraph."""
    parts = [f"\b\nExample:\n  {example}"]
    if token:
        parts.append(f"\b\nToken:\n  {TOKENS}")
    parts.append(f"\b\nExit codes:\n  {_EXIT_CODES[exit_codes]}")
    return "\n\n".join(parts)


class SectionedCommand(click.Command):
    """A command whose sandbox options get their own "Sandbox options" section."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        main, sandbox = self._option_records(ctx)
        _write_section(formatter, "Options", main)
        _write_section(formatter, "Sandbox options (testing; never a real location)", sandbox)

    def _option_records(
        self, ctx: click.Context
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        main: list[tuple[str, str]] = []
        sandbox: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                (sandbox if param.name in SANDBOX_OPTIONS else main).append(record)
        return main, sandbox


def _write_section(
    formatter: click.HelpFormatter, heading: str, records: Sequence[tuple[str, str]]
) -> None:
    if records:
        with formatter.section(heading):
            formatter.write_dl(records)


def sectioned(**settings: Any) -> dict[str, Any]:
    """``@cli.command(**sectioned(...))`` settings: the sectioned class plus ``settings``."""
    return {"cls": SectionedCommand, **settings}
