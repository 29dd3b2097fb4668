"""The plan as a pull-request comment: summary first, destructive changes called out,
long lists folded, and the whole comment kept under a size cap however big the plan is.

Every value taken from the plan (labels, keys, ids, aliases, addresses, reasons, sources)
goes through ``render.escape`` (``markdown_text``, ``markdown_code``), so no value can open
HTML, end a table row or code span, hide the tables that follow it, mention a person or team,
link, reference an issue, or reorder text with a bidi control (docs/design.md, "Output
boundaries")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from ghlsync.render.escape import markdown_code as _code
from ghlsync.render.escape import markdown_text as _text
from ghlsync.values.plan import Plan

__all__ = ["DEFAULT_MAX_CHARS", "render_markdown"]

DEFAULT_MAX_CHARS = 60_000
_FOLD_AFTER = 10
_CALLOUT_ITEMS = 50
_EXTRAS_SHARE = 0.5
_TRUNCATED = "\n\n… comment truncated to stay under the size limit\n"
_SECTION_OMITTED = "_A section was omitted: it would not fit under the comment size limit._\n\n"


def render_markdown(
    plan: Plan,
    out: TextIO,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    extra_sections: Sequence[str] = (),
) -> None:
    """Write the comment; ``extra_sections`` (e.g. a Mermaid diagram) go last if they fit."""
    out.write(_compose(plan, max_chars, extra_sections))


def _compose(plan: Plan, max_chars: int, extra_sections: Sequence[str]) -> str:
    head = _summary(plan) + _destructive_callout(plan)
    room = max_chars - len(head) - len(_TRUNCATED)
    extras = _fitting_extras(extra_sections, int(room * _EXTRAS_SHARE))
    body = _change_sections(plan, _Budget(room - len(extras)))
    return _hard_cap(head + body + extras, max_chars)


@dataclass
class _Budget:
    remaining: int

    def fits(self, text: str) -> bool:
        return len(text) <= self.remaining

    def spend(self, text: str) -> str:
        self.remaining -= len(text)
        return text


# --- summary and callout ------------------------------------------------------------------


def _summary(plan: Plan) -> str:
    where = _code(plan.location_id) + (f" ({_text(plan.environment)})" if plan.environment else "")
    if not plan.has_changes:
        return f"**No changes.** The location {where} matches the configuration.\n\n"
    s = plan.summary
    counts = f"{s.add} to add, {s.change} to change, {s.destroy} to destroy"
    return f"**Plan:** {counts} on location {where}.\n\n"


def _destructive_callout(plan: Plan) -> str:
    items = _destructive_items(plan)
    if not items and not plan.needs_allow_destroy:
        return ""
    lines = ["> [!WARNING]", "> **Destructive changes**"]
    if items:
        lines += [">", *_bounded(items)]
    if plan.needs_allow_destroy:
        lines += [
            ">",
            "> `apply` will need `--allow-destroy`:",
            *_bounded([_text(reason) for reason in plan.needs_allow_destroy]),
        ]
    return "\n".join(lines) + "\n\n"


def _destructive_items(plan: Plan) -> list[str]:
    from ghlsync.kinds.registry import KINDS, changes_of

    return [
        item
        for kind in KINDS
        for item in kind.destructive(changes_of(kind, plan.changes), _text, _code)
    ]


def _bounded(items: Sequence[str]) -> list[str]:
    shown = [f"> - {item}" for item in items[:_CALLOUT_ITEMS]]
    hidden = len(items) - len(shown)
    return shown + ([f"> - … and {hidden:,} more"] if hidden > 0 else [])


# --- change lists ---------------------------------------------------------------------------


def _change_sections(plan: Plan, budget: _Budget) -> str:
    from ghlsync.kinds.registry import KINDS, changes_of

    sections = [
        section
        for kind in KINDS
        for section in kind.markdown(changes_of(kind, plan.changes), _text, _code)
    ]
    return "".join(
        _section(s.title, s.noun, s.header, s.rows, budget) for s in sections if s.rows
    )


def _section(
    title: str, noun: str, header: Sequence[str], rows: Sequence[str], budget: _Budget
) -> str:
    fold = len(rows) > _FOLD_AFTER
    summary = f"{len(rows):,} {title.lower()}"
    opening = f"### {title} ({len(rows):,})\n\n"
    opening += f"<details><summary>{summary}</summary>\n\n" if fold else ""
    opening += "\n".join(header) + "\n"
    closing = "\n</details>\n\n" if fold else "\n"
    reserve = len(opening) + len(closing) + len(_cut_note(len(rows), noun))
    shown = _rows_within(rows, budget.remaining - reserve)
    if not shown:
        note = _cut_note(len(rows), noun)
        return budget.spend(note) if budget.fits(note) else ""
    cut = _cut_note(len(rows) - len(shown), noun) if len(shown) < len(rows) else ""
    return budget.spend(opening + "".join(shown) + cut + closing)


def _rows_within(rows: Iterable[str], room: int) -> list[str]:
    shown: list[str] = []
    for row in rows:
        room -= len(row)
        if room < 0:
            break
        shown.append(row)
    return shown


def _cut_note(hidden: int, noun: str) -> str:
    return f"\n… and {hidden:,} more {noun} not shown\n"


# --- extras and the hard cap ------------------------------------------------------------------


def _fitting_extras(sections: Sequence[str], room: int) -> str:
    parts = []
    for section in sections:
        text = section.rstrip("\n") + "\n\n"
        text = text if len(text) <= room else _SECTION_OMITTED
        room -= len(text)
        parts.append(text if room >= 0 else "")
    return "".join(parts)


def _hard_cap(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    if max_chars <= len(_TRUNCATED):
        return text[:max_chars]
    return text[: max_chars - len(_TRUNCATED)] + _TRUNCATED
