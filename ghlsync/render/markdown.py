"""The plan as a pull-request comment: summary first, destructive changes called out,
long lists folded, and the whole comment kept under a size cap however big the plan is.

Every value taken from the plan (labels, keys, ids, aliases, addresses, reasons, sources)
goes through :func:`_text` or :func:`_code`, so no value can open HTML, end a table row or
code span, hide the tables that follow it, mention a person or team, link, reference an issue,
or reorder text with a bidi control (docs/design.md, "Output boundaries")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from ghlsync.kinds.protocol import MarkdownSection
from ghlsync.model import RecordRef, Side
from ghlsync.plan import Action, AnyChange, AssociationChange, Plan, RelationChange
from ghlsync.render.neutral import INVISIBLE, visible

__all__ = [
    "DEFAULT_MAX_CHARS",
    "association_destructive_items",
    "association_sections",
    "render_markdown",
]

DEFAULT_MAX_CHARS = 60_000
_FOLD_AFTER = 10
_CALLOUT_ITEMS = 50
_EXTRAS_SHARE = 0.5
_TRUNCATED = "\n\n… comment truncated to stay under the size limit\n"
_SECTION_OMITTED = "_A section was omitted: it would not fit under the comment size limit._\n\n"
_VERBS = {Action.CREATE: "create", Action.UPDATE: "update", Action.DELETE: "delete"}
_ASSOCIATION_HEADER = ("| Action | Association | Details | Source |", "|---|---|---|---|")
_RELATION_HEADER = ("| Association | First | Second | Source |", "|---|---|---|---|")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_ACTIVE = re.compile(r"[\\`*~\[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_CODE_SPAN_UNSAFE = re.compile(r"[`|<&\x00-\x1f\x7f\u2028\u2029]")
# What GitHub turns into mentions, links and references in comment text: @name, scheme:// and
# www. links, owner/repo#1 and #1, GH-1. A zero-width space (as an entity, visible in the
# source) after the trigger keeps the text and defuses it.
_GITHUB_ACTIVE = re.compile(
    r"@(?=[A-Za-z0-9])|(?<=[A-Za-z])(?=://)|(?i:\bwww)(?=\.)|#(?=\d)|(?i:\bGH)(?=-\d)"
)
_DEFUSE = "&#8203;"


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


def association_destructive_items(changes: Sequence[AnyChange]) -> list[str]:
    """The call-out's association deletes and replacements, and the relation deletes."""
    items = [
        _destructive_association(c)
        for c in changes
        if isinstance(c, AssociationChange) and c.action in (Action.DELETE, Action.REPLACE)
    ]
    deletes = sum(1 for c in changes if _is_relation(c, Action.DELETE))
    if deletes:
        items.append(f"{deletes:,} relation{'' if deletes == 1 else 's'} will be deleted")
    return items


def _destructive_association(change: AssociationChange) -> str:
    verb = "replaced" if change.action is Action.REPLACE else "deleted"
    return (
        f"{_code(change.address)} will be {verb} ({_text(change.reason)}); "
        f"{_text(change.cascade_note())}"
    )


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


def association_sections(changes: Sequence[AnyChange]) -> list[MarkdownSection]:
    """The association table, then the relations to delete and to create."""
    associations = [_association_row(c) for c in changes if isinstance(c, AssociationChange)]
    relations = [c for c in changes if isinstance(c, RelationChange)]
    deletes = [_relation_row(c) for c in relations if c.action is Action.DELETE]
    creates = [_relation_row(c) for c in relations if c.action is Action.CREATE]
    return [
        MarkdownSection("Associations", "association changes", _ASSOCIATION_HEADER, associations),
        MarkdownSection("Relations to delete", "relation changes", _RELATION_HEADER, deletes),
        MarkdownSection("Relations to create", "relation changes", _RELATION_HEADER, creates),
    ]


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


def _association_row(change: AssociationChange) -> str:
    source = _code(str(change.source)) if change.source else ""
    cells = (_VERBS.get(change.action, "replace"), _code(change.address), _details(change), source)
    return "| " + " | ".join(cells) + " |\n"


def _details(change: AssociationChange) -> str:
    if change.action is Action.UPDATE:
        lines = [_text(f'{f.path}: "{f.old}" → "{f.new}"') for f in change.fields]
        return "<br>".join(lines + ([_text(change.limits)] if change.limits else []))
    value = change.after or change.before
    assert value is not None
    sides = f"{_side(value.first)} ↔ {_side(value.second)}"
    if change.action is Action.CREATE:
        return sides
    limits = f"; {_text(change.limits)}" if change.limits else ""
    return f"{sides}{limits}; {_text(change.reason)}; {_text(change.cascade_note())}"


def _side(side: Side) -> str:
    return _text(f'{side.object} "{side.label}"')


def _relation_row(change: RelationChange) -> str:
    value = change.value
    source = _code(str(change.source)) if change.source else ""
    cells = (_text(value.association_key), _record(value.first), _record(value.second), source)
    return "| " + " | ".join(cells) + " |\n"


def _record(record: RecordRef) -> str:
    code = _code(record.id)
    if not record.alias:
        return code
    named = f"{record.alias} <{record.natural_key}>" if record.natural_key else record.alias
    return f"{_text(named)} ({code})"


def _is_relation(change: object, action: Action) -> bool:
    return isinstance(change, RelationChange) and change.action is action


def _text(value: str) -> str:
    """``value`` as inert inline text: no HTML, no table cell break, no markup, one line, no
    mention, link or reference, no invisible character."""
    flat = visible(_CONTROL.sub(" ", value))
    escaped = "".join(_ENTITIES.get(char, char) for char in flat)
    marked_down = _MARKDOWN_ACTIVE.sub(lambda match: "\\" + match.group(0), escaped)
    return _GITHUB_ACTIVE.sub(lambda match: match.group(0) + _DEFUSE, marked_down)


def _code(value: str) -> str:
    """``value`` in monospace: a code span when that is safe, else escaped ``<code>`` text."""
    safe = not _CODE_SPAN_UNSAFE.search(value) and not INVISIBLE.search(value)
    if value and safe and value.strip() == value:
        return f"`{value}`"
    return f"<code>{_text(value)}</code>"


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
