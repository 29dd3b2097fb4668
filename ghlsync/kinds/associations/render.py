"""How associations and relations appear in the text plan and the markdown comment.

Every value taken from a change goes through :func:`~ghlsync.render.escape.markdown_text` or
:func:`~ghlsync.render.escape.markdown_code` in markdown, and through
:func:`~ghlsync.render.neutral.terminal` (or JSON quoting) in text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from ghlsync.kinds.protocol import MarkdownSection, TextStyle
from ghlsync.render.escape import markdown_code as _code
from ghlsync.render.escape import markdown_text as _text
from ghlsync.render.neutral import terminal, visible
from ghlsync.values.plan import Action, AnyChange, AssociationChange, FieldChange, RelationChange
from ghlsync.values.state import RecordRef, Side

__all__ = ["association_destructive_items", "association_lines", "association_sections", "describe"]


def association_lines(changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
    """The association blocks, then one line per relation change (creates first)."""
    for change in changes:
        if isinstance(change, AssociationChange):
            yield from _association_block(change, style)
            yield ""
    relations = _relations_in_display_order(changes)
    yield from (_relation_line(change, style) for change in relations)
    if relations:
        yield ""


def _association_block(change: AssociationChange, style: TextStyle) -> Iterator[str]:
    symbol = style.symbol(change.action)
    yield f"  # {terminal(f'{change.address} {_consequence(change)}')}"
    if change.limits:
        yield f"  # {terminal(change.limits)}"
    if change.action is Action.REPLACE:
        yield f"{symbol} {describe(change)} {{"
        yield from (f"      {_replaced_field(f, style)}" for f in change.fields)
        yield "    }"
        return
    yield f"  {symbol} {describe(change)} {{"
    yield from (f"      {symbol} {line}" for line in _association_body(change))
    yield "    }"


def _replaced_field(field: FieldChange, style: TextStyle) -> str:
    """One field of a replacement; an object change is what forces it."""
    line = f"{style.symbol(Action.UPDATE)} {_field_line(field)}"
    return f"{line}  # forces replacement" if field.path.endswith(".object") else line


def _field_line(field: FieldChange) -> str:
    return f"{terminal(field.path)} = {_quoted(field.old)} -> {_quoted(field.new)}"


def _consequence(change: AssociationChange) -> str:
    cascade = change.cascade_note()
    if change.action is Action.CREATE:
        return "will be created"
    if change.action is Action.UPDATE:
        return "will be updated in-place"
    if change.action is Action.REPLACE:
        return f"must be replaced ({change.reason}); {cascade}"
    return f"will be destroyed; {cascade}"


def _association_body(change: AssociationChange) -> list[str]:
    if change.action is Action.UPDATE:
        return [_field_line(f) for f in change.fields]
    value = change.after or change.before
    assert value is not None
    return [f"first  = {_side(value.first)}", f"second = {_side(value.second)}"]


def _side(side: Side) -> str:
    return f"{terminal(side.object)} {_quoted(side.label)}"


def _quoted(text: str) -> str:
    """``text`` in double quotes, JSON-escaped, with invisible characters made visible."""
    return visible(json.dumps(text, ensure_ascii=False))


def _relations_in_display_order(changes: Sequence[AnyChange]) -> list[RelationChange]:
    relations = [c for c in changes if isinstance(c, RelationChange)]
    return sorted(relations, key=lambda c: c.action is not Action.CREATE)


def _relation_line(change: RelationChange, style: TextStyle) -> str:
    return f"  {style.symbol(change.action)} {describe(change)}"


def describe(change: AnyChange) -> str:
    """A change as the plan heads it, with aliases: ``relation key[alias(id) -> id]``,
    ``association "key"``."""
    if isinstance(change, AssociationChange):
        return f'association "{terminal(change.key)}"'
    assert isinstance(change, RelationChange)
    value = change.value
    pair = f"{value.first.display()} -> {value.second.display()}"
    return terminal(f"relation {value.association_key}[{pair}]")


# --- markdown ----------------------------------------------------------------------------


_VERBS = {Action.CREATE: "create", Action.UPDATE: "update", Action.DELETE: "delete"}


_ASSOCIATION_HEADER = ("| Action | Association | Details | Source |", "|---|---|---|---|")


_RELATION_HEADER = ("| Association | First | Second | Source |", "|---|---|---|---|")


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
    sides = f"{_cell_side(value.first)} ↔ {_cell_side(value.second)}"
    if change.action is Action.CREATE:
        return sides
    limits = f"; {_text(change.limits)}" if change.limits else ""
    return f"{sides}{limits}; {_text(change.reason)}; {_text(change.cascade_note())}"


def _cell_side(side: Side) -> str:
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
