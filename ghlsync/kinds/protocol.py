"""What a kind of managed thing brings: how it is read, diffed, applied, saved and shown.

The engine calls these in a fixed pipeline (docs/design.md, "Kinds"); a kind never calls
another kind. Cross-kind waits go through addresses: an applier's step may name the address
of a create it needs (``object.custom_objects.property``), and the engine skips it when that
create failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ghlsync.errors import ConfigProblem
from ghlsync.values.plan import Action, AnyChange, AssociationValue, Phase, Plan

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.client.endpoint import Endpoint
    from ghlsync.values.state import DesiredState, LiveState

__all__ = [
    "Applier",
    "Difference",
    "ExportSection",
    "KindDiff",
    "Listing",
    "ManagedKind",
    "MarkdownSection",
    "Step",
    "TextStyle",
    "only_in_one",
]


class Step(NamedTuple):
    """One write of an apply: the change, why it cannot run (None when it can), the call
    (returning the id it created, if any) and whether it finishes a change that an earlier
    phase reported already (then only its failure is reported)."""

    change: AnyChange
    blocked_by: str | None
    call: Callable[[], str | None]
    follow_up: bool = False


@dataclass(frozen=True, slots=True)
class KindDiff:
    """What a kind's diff found: its changes, the file's conflicts with the location, the
    reasons applying needs ``--allow-destroy``; for the plan document, how many in-scope
    relations were live, the associations declared (the schema picture draws them) and the
    drift it let be (``ignore``), one note per item."""

    changes: tuple[AnyChange, ...] = ()
    problems: tuple[ConfigProblem, ...] = ()
    needs_allow_destroy: tuple[str, ...] = ()
    live_relation_count: int = 0
    declared: tuple[AssociationValue, ...] = ()
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How the text plan marks an action (``+``, coloured on a terminal)."""

    symbol: Callable[[Action], str]
    color: bool = False


@dataclass(frozen=True, slots=True)
class MarkdownSection:
    """One table of the markdown comment: title, what its rows are, header lines, rows."""

    title: str
    noun: str
    header: tuple[str, str]
    rows: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Difference:
    """Something of a kind that two locations disagree on (``ghlsync diff --env A --env B``):
    present in only one of them (``side`` 0 or 1), or in both but different (``side`` None,
    ``detail`` says how)."""

    address: str
    side: int | None
    detail: str = ""


def only_in_one(a: Iterable[str], b: Iterable[str], noun: str) -> list[Difference]:
    """``noun name`` for each name in only one of ``a`` and ``b``, by name."""
    first, second = set(a), set(b)
    return [Difference(f"{noun} {name}", 0 if name in first else 1)
            for name in sorted(first ^ second)]


@dataclass(frozen=True, slots=True)
class ExportSection:
    """A top-level section ``ghlsync export`` writes for a kind, as plain data: the renderer
    quotes every server string. ``items`` maps a key to its fields (``key: { field: "…" }``)
    or lists strings (``- "…"``), in the order given; a key in ``commented`` is written as a
    comment after why (the file could not declare it). ``items`` is None when the token may
    not read them: the section is then a comment naming ``what`` and the ``scope`` lacking."""

    name: str
    what: str
    scope: str
    items: Mapping[str, Mapping[str, str]] | Sequence[str] | None
    commented: Mapping[str, str] = field(default_factory=dict)


class Listing(NamedTuple):
    """The one GET that lists everything of a kind in a location: the scope family it needs
    (``<family>.readonly`` to read, ``<family>.write`` to apply), its route (with
    ``{locationId}``) and the reading of its answer as ``plan`` reads it."""

    family: str
    route: str
    parse: Callable[[object, Endpoint], object]


class Applier(Protocol):
    """One apply's writer for a kind: the steps of each of its phases."""

    def steps(
        self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]
    ) -> list[Step]: ...

    def notes(self) -> list[str]:
        """After the apply: what the report should say beside the outcomes."""
        ...


class ManagedKind(Protocol):
    """A kind of managed thing. ``phases`` are the apply phases it runs (their order is
    :class:`~ghlsync.values.plan.Phase`'s); ``change_types`` the change classes it owns."""

    name: str
    noun: str
    phases: tuple[Phase, ...]
    change_types: tuple[type, ...]

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        """``live`` with what this kind needs read from the location."""
        ...

    def reread(
        self,
        client: GhlClient,
        desired: DesiredState,
        live: LiveState,
        applied: Sequence[AnyChange],
    ) -> LiveState:
        """After an apply of ``applied`` (this kind's changes) to the location ``live`` was
        read from: ``live`` with what they changed read again, enough for :meth:`diff` to see
        any write that did not stick (docs/design.md, "Verification")."""
        ...

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        """Pure: the changes that make ``live`` match ``desired`` for this kind."""
        ...

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        """``live`` with everything of this kind the location has, as ``export`` writes it
        and ``diff --env A --env B`` compares it; what the token may not read stays unread
        (None). Associations are read by the records the caller names, so their kind leaves
        ``live`` as it is."""
        ...

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        """Pure: what of this kind differs between two locations read by :meth:`read_whole`
        (associations and relations are compared by the engine, since aliases name them)."""
        ...

    def export(self, live: LiveState) -> ExportSection | None:
        """Pure: the section ``export`` writes for this kind from ``live`` read by
        :meth:`read_whole`; None for the kinds the export writes itself (associations,
        relations, objects)."""
        ...

    def listing(self, desired: DesiredState) -> Listing | None:
        """The listing ``doctor`` asks when the file manages this kind; None when it does
        not, or when doctor checks the kind's reads itself (associations, objects)."""
        ...

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        """The keys ``--target`` may name for this kind."""
        ...

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """``desired`` with only this kind's things named in ``keep`` (and what they own)."""
        ...

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        """Canonical rows of what was read (the plan's ``live_digest``), by name; {} when
        nothing. The rows of a name may be any iterable (a lazy one for many rows)."""
        ...

    def applier(self, client: GhlClient, live: LiveState) -> Applier: ...

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        """How many write requests applying ``changes`` sends."""
        ...

    def verification_reads(self, plan: Plan) -> int:
        """About how many reads :meth:`reread` sends after applying its changes of ``plan``
        (one per listing page); 0 when it has none. With the writes, the quota estimate."""
        ...

    def document_types(self) -> tuple[type[Any], ...]:
        """The pydantic documents of its changes in a saved plan (a ``kind`` literal each)."""
        ...

    def document(self, change: AnyChange) -> Any:
        """``change`` as one of :meth:`document_types`."""
        ...

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        """Its lines of the text plan."""
        ...

    def describe(self, change: AnyChange) -> str:
        """``change`` as the plan and the apply report name it (with aliases)."""
        ...

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        """Its tables of the markdown comment (cells escaped with ``text`` and ``code``)."""
        ...

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        """Its items of the markdown comment's "Destructive changes" call-out."""
        ...
