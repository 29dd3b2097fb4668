"""What kinds of things known by one key (custom values, tags) share: their plan text,
markdown rows and the reading of GHL's answers for them (their plan-file documents are in
``kinds/keyed_documents.py``, loaded only for JSON plans).

A kind built on :class:`~ghlsync.plan.KeyedChange` gets its renderers and documents from
here and writes only its values, diff, client and steps (docs/design.md, "Kinds").
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ghlsync.errors import ApiError
from ghlsync.kinds.protocol import (
    Applier,
    Difference,
    ExportSection,
    KindDiff,
    Listing,
    MarkdownSection,
    TextStyle,
)
from ghlsync.values.plan import Action, AnyChange, KeyedChange, Plan
from ghlsync.values.slots import Declared, Slot
from ghlsync.values.state import DesiredState, LiveState

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.client.endpoint import Endpoint
    from ghlsync.kinds.keyed_documents import KeyedChangeDocument

T = TypeVar("T")
D = TypeVar("D")
L = TypeVar("L")

__all__ = [
    "KeyedKind",
    "destructive_items",
    "listed_items",
    "listing_parser",
    "markdown_section",
    "read_if_allowed",
    "single_item",
    "text_lines",
    "text_of",
]

_HEADER = ("| Action | Address | Details | Source |", "|---|---|---|---|")
_VERBS = {
    Action.CREATE: "will be created",
    Action.UPDATE: "will be updated in-place",
    Action.DELETE: "will be destroyed",
}


def owned(changes: Sequence[AnyChange], change_type: type[KeyedChange]) -> list[KeyedChange]:
    return [c for c in changes if isinstance(c, change_type)]


# --- text plan ------------------------------------------------------------------------------


def text_lines(
    changes: Sequence[KeyedChange], style: TextStyle, consequence: Mapping[Action, str]
) -> Iterator[str]:
    """One block per change with attributes, then a blank line (changes without attributes
    take one line each, like relations)."""
    for change in changes:
        lines = list(_block(change, style, consequence.get(change.action, "")))
        yield from lines
        if lines[-1] == "    }" or change is changes[-1]:
            yield ""


def _block(change: KeyedChange, style: TextStyle, consequence: str) -> Iterator[str]:
    symbol = style.symbol(change.action)
    head = f'{change.noun} {_quoted(change.key)}'
    note = f"; {consequence}" if consequence else ""
    yield f"  # {change.address} {_VERBS[change.action]}{note}"
    lines = _body(change)
    if not lines:
        yield f"  {symbol} {head}"
        return
    yield f"  {symbol} {head} {{"
    yield from (f"      {style.symbol(Action.UPDATE if change.fields else change.action)} {line}"
                for line in lines)
    yield "    }"


def _body(change: KeyedChange) -> list[str]:
    if change.action is Action.UPDATE:
        return [f"{f.path} = {_quoted(f.old)} -> {_quoted(f.new)}" for f in change.fields]
    return [f"{name} = {_quoted(text)}" for name, text in change.value.attributes]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# --- markdown -------------------------------------------------------------------------------


def markdown_section(
    title: str,
    noun: str,
    changes: Sequence[KeyedChange],
    text: Callable[[str], str],
    code: Callable[[str], str],
) -> list[MarkdownSection]:
    if not changes:
        return []
    rows = [
        f"| {change.action.value} | {code(change.address)} | {text(_details(change))} "
        f"| {code(str(change.source)) if change.source else ''} |\n"
        for change in changes
    ]
    return [MarkdownSection(title, noun, _HEADER, rows)]


def _details(change: KeyedChange) -> str:
    if change.action is Action.UPDATE:
        return "; ".join(f"{f.path}: {_quoted(f.old)} → {_quoted(f.new)}" for f in change.fields)
    attributes = [f"{name} {_quoted(value)}" for name, value in change.value.attributes]
    return ", ".join(attributes + ([change.reason] if change.action is Action.DELETE else []))


def destructive_items(
    changes: Sequence[KeyedChange],
    consequence: str,
    text: Callable[[str], str],
    code: Callable[[str], str],
) -> list[str]:
    return [
        f"{code(c.address)} {text(consequence)}" for c in changes if c.action is Action.DELETE
    ]


class KeyedKind(Generic[D, L]):
    """What the keyed kinds (custom values, tags) share. A kind names its change type, title,
    slots (declared items of type ``D``, live items of type ``L``, both by key) and digest
    row, and gives the hooks below that import its own modules when first called (so
    ``validate`` loads none of them)."""

    name: str
    noun: str
    title: ClassVar[str]
    change_type: ClassVar[type[KeyedChange]]
    desired_slot: ClassVar[Slot[DesiredState, Declared[Any]]]
    live_slot: ClassVar[Slot[LiveState, Mapping[str, Any]]]

    def document_type(self) -> type[KeyedChangeDocument]:
        raise NotImplementedError

    def delete_consequence(self) -> str:
        raise NotImplementedError

    def list_live(self, client: GhlClient) -> Mapping[str, L]:
        """Every live item, by key (one listing)."""
        raise NotImplementedError

    def diff_items(
        self, declared: Declared[D], found: Mapping[str, L], desired: DesiredState
    ) -> KindDiff:
        raise NotImplementedError

    def compare_items(self, a: Mapping[str, L], b: Mapping[str, L]) -> list[Difference]:
        raise NotImplementedError

    def export_items(self, found: Mapping[str, L] | None) -> ExportSection:
        raise NotImplementedError

    def live_listing(self) -> Listing:
        raise NotImplementedError

    def digest_row(self, item: L) -> list[str]:
        raise NotImplementedError

    def applier(self, client: GhlClient, live: LiveState) -> Applier:
        raise NotImplementedError

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        if self.desired_slot.of(desired) is None:
            return live
        return self.live_slot.put(live, self.list_live(client))

    def reread(
        self,
        client: GhlClient,
        desired: DesiredState,
        live: LiveState,
        applied: Sequence[AnyChange],
    ) -> LiveState:
        """The whole list again (one GET) when anything of it was applied."""
        return self.read(client, desired, live) if applied else live

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        declared, found = self.desired_slot.of(desired), self.live_slot.of(live)
        if declared is None or found is None:
            return KindDiff()
        return self.diff_items(declared, found, desired)

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        return self.live_slot.put(live, read_if_allowed(lambda: self.list_live(client)))

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        found_a, found_b = self.live_slot.of(a), self.live_slot.of(b)
        if found_a is None or found_b is None:
            return []
        return self.compare_items(found_a, found_b)

    def export(self, live: LiveState) -> ExportSection:
        return self.export_items(self.live_slot.of(live))

    def listing(self, desired: DesiredState) -> Listing | None:
        return None if self.desired_slot.of(desired) is None else self.live_listing()

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        declared = self.desired_slot.of(desired)
        return frozenset(declared.items if declared else ())

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """Only the items named; none pruned (none read when none is named)."""
        declared = self.desired_slot.of(desired)
        items = {k: v for k, v in (declared.items if declared else {}).items() if k in keep}
        return self.desired_slot.put(desired, Declared(items) if items else None)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        found = self.live_slot.of(live)
        if found is None:
            return {}
        return {self.name: sorted(self.digest_row(item) for item in found.values())}

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        return len(changes)

    def verification_reads(self, plan: Plan) -> int:
        """The whole list again, when anything of it changed."""
        return int(bool(owned(plan.changes, self.change_type)))

    def document_types(self) -> tuple[type[Any], ...]:
        return (self.document_type(),)

    def document(self, change: AnyChange) -> Any:
        assert isinstance(change, self.change_type)
        return self.document_type().of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        mine = owned(changes, self.change_type)
        return text_lines(mine, style, {Action.DELETE: self.delete_consequence()})

    def describe(self, change: AnyChange) -> str:
        return change.address

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        mine = owned(changes, self.change_type)
        return markdown_section(self.title, f"{self.noun} changes", mine, text, code)

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        mine = owned(changes, self.change_type)
        return destructive_items(mine, self.delete_consequence(), text, code)


# --- answers ----------------------------------------------------------------------------------


def listed_items(payload: object, endpoint: Endpoint, plural: str) -> list[Mapping[str, Any]]:
    """The items of a listing: bare, or under ``plural`` or ``data``; each must be an object."""
    items: object = payload
    if isinstance(payload, Mapping):
        items = payload.get(plural, payload.get("data"))
    if not isinstance(items, list):
        raise endpoint.error(f"expected a list of {plural} (bare, or under '{plural}')")
    for item in items:
        if not isinstance(item, Mapping):
            raise endpoint.error(f"expected each of the {plural} to be an object")
    return items


def listing_parser(
    plural: str, parse_item: Callable[[Mapping[str, Any], Endpoint], T]
) -> Callable[[object, Endpoint], list[T]]:
    """The reading of a whole listing: each of its items read by ``parse_item``."""

    def parse(payload: object, endpoint: Endpoint) -> list[T]:
        return [parse_item(item, endpoint) for item in listed_items(payload, endpoint, plural)]

    return parse


def single_item(payload: object, endpoint: Endpoint, singular: str) -> Mapping[str, Any]:
    """One item: under ``singular`` or ``data``, or bare."""
    if isinstance(payload, Mapping):
        inner = payload.get(singular, payload.get("data"))
        return inner if isinstance(inner, Mapping) else payload
    raise endpoint.error(f"expected a {singular} object")


def text_of(item: Mapping[str, Any], name: str, endpoint: Endpoint, what: str) -> str:
    """A non-empty string field without control characters (server data shown in plans)."""
    value = item.get(name)
    if not isinstance(value, str) or not value:
        raise endpoint.error(f"{what} without a usable '{name}' (a non-empty string)")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise endpoint.error(f"{what} '{name}' {value!r} contains control characters")
    return value


def read_if_allowed(read: Callable[[], T]) -> T | None:
    """What ``read`` returns, or None when the token may not read it (401 or 403): commands
    that read everything (export, diff) skip what the token's scopes do not cover."""
    try:
        return read()
    except ApiError as error:
        if error.status not in (401, 403):
            raise
        return None
