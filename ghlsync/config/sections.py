"""The parts of the file that kinds bring (and the core's optional ``fleet:``), and the file's
model composed from them (docs/design.md, "The file").

This floor sits below the kinds and names none: a kind with a section of its own (its key at
the top of the file, and maybe a ``prune:`` flag) describes it as a :class:`FileSection`;
the caller composes the sections a file uses into one :class:`FileSchema`, chosen for the
parsed data by the function it hands to :func:`~ghlsync.config.document.load_document`, which
validates, checks and resolves the sections through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from typing import Any, ClassVar, Generic, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel, Field, create_model

from ghlsync.config.models import ConfigModel, PruneModel, all_field_names
from ghlsync.config.yaml_loader import DocPath, LineTable
from ghlsync.errors import ConfigProblem

__all__ = ["CORE_SECTIONS", "FileSchema", "FileSection", "Owned", "core_sections"]

V = TypeVar("V")
D = TypeVar("D")


class Owned(Protocol):
    """An item that may set ``ignore`` and ``prevent_destroy`` (README, "Ownership")."""

    @property
    def ignore(self) -> list[Any]: ...

    @property
    def prevent_destroy(self) -> bool: ...


class FileSection(Generic[V, D]):
    """A kind's section of the file: the key ``name`` (also its kind's name) holds a ``V``
    (or is absent: None), and declares a ``D`` in the kind's slot of the DesiredState.

    ``annotation`` is the section's pydantic type (``V | None``); ``prune_description``
    gives it a ``prune.<name>`` flag; ``pattern_hints`` say in words what a pattern of its
    keys means; ``models`` are its pydantic models (their keys are offered for a misspelt
    one).
    """

    name: ClassVar[str]
    annotation: ClassVar[Any]
    description: ClassVar[str]
    prune_description: ClassVar[str | None] = None
    pattern_hints: ClassVar[Mapping[str, str]] = {}
    models: ClassVar[tuple[type[BaseModel], ...]] = ()

    def problems(self, value: V | None, file: str, lines: LineTable) -> list[ConfigProblem]:
        """What the model cannot refuse alone (each at its line)."""
        return []

    def declared(self, value: V | None, prune: bool, file: str, lines: LineTable) -> D | None:
        """What the file declares, for the kind's slot; None when it manages none."""
        raise NotImplementedError

    def owned(self, value: V | None) -> Iterator[tuple[str, DocPath, Owned]]:
        """Each item that may set ``ignore``/``prevent_destroy``: plan address, path, item."""
        return iter(())

    def keys(self, value: V | None) -> Iterable[str]:
        """The keys a fleet member may ``exclude``."""
        return ()

    def without(self, value: V | None, excluded: frozenset[str]) -> V | None:
        """``value`` without the items whose key is in ``excluded``."""
        return value

    def digest(self, declared: D) -> dict[str, Any]:
        """What it declares as canonical JSON rows of the file's digest."""
        return {}

    def prunes(self, declared: D) -> bool:
        """Whether it deletes live items it does not declare."""
        return False


AnySection = FileSection[Any, Any]

CORE_SECTIONS: Mapping[str, str] = {"fleet": "ghlsync.config.fleet_section"}
"""The core file's own sections that are composed in like a kind's (key -> the module whose
``SECTION`` it is, loaded only for a file that has the key); they come before the kinds'."""


def core_sections(keys: Iterable[str]) -> tuple[AnySection, ...]:
    """The core sections of ``keys``, in ``CORE_SECTIONS`` order."""
    wanted = frozenset(keys)
    return tuple(
        import_module(module).SECTION for key, module in CORE_SECTIONS.items() if key in wanted
    )


class FileSchema(NamedTuple):
    """The file's model with sections composed in (the core's ``CORE_SECTIONS``, then the
    kinds' in registry order): all of them, or only those one file uses
    (``ghlsync.kinds.file``).

    ``prune_flags`` names every kind's ``prune.<name>`` flag in registry order, composed here or
    not (the digest lists them all); ``whole`` gives the schema with every section, whose keys
    a misspelt key is compared with.
    """

    model: type[ConfigModel]
    sections: tuple[AnySection, ...]
    prune_flags: tuple[str, ...]
    whole: Callable[[], FileSchema] | None = None

    @classmethod
    def of(
        cls,
        sections: Iterable[AnySection],
        prune_flags: Iterable[str] | None = None,
        whole: Callable[[], FileSchema] | None = None,
    ) -> FileSchema:
        """The schema of ``sections``; ``prune_flags`` defaults to theirs."""
        chosen = tuple(sections)
        flags = _prune_flags(chosen) if prune_flags is None else tuple(prune_flags)
        return cls(_composed_model(chosen), chosen, flags, whole)

    def values(self, model: ConfigModel) -> Iterator[tuple[AnySection, Any]]:
        """Each section and what ``model`` holds under its key."""
        for section in self.sections:
            yield section, getattr(model, section.name)

    def pattern_hints(self) -> dict[str, str]:
        return {p: hint for s in self.sections for p, hint in s.pattern_hints.items()}

    def field_names(self) -> frozenset[str]:
        """Every key the file accepts anywhere, in any section (to suggest a fix for a
        misspelt key)."""
        if self.whole is not None:
            return self.whole().field_names()
        prune: type[BaseModel] = self.model.model_fields["prune"].annotation  # type: ignore[assignment]
        mine = [self.model, prune, *(m for section in self.sections for m in section.models)]
        return all_field_names(mine)

    def problems(self, model: ConfigModel, file: str, lines: LineTable) -> list[ConfigProblem]:
        return [p for s, value in self.values(model) for p in s.problems(value, file, lines)]

    def declared(self, model: ConfigModel, file: str, lines: LineTable) -> dict[str, object]:
        """Kind name -> what its section declares (only the sections that declare)."""
        found = {
            section.name: section.declared(value, _prunes(model, section), file, lines)
            for section, value in self.values(model)
        }
        return {name: declared for name, declared in found.items() if declared is not None}

    def owned(self, model: ConfigModel) -> Iterator[tuple[str, DocPath, Owned]]:
        for section, value in self.values(model):
            yield from section.owned(value)

    def keys(self, model: ConfigModel) -> frozenset[str]:
        return frozenset(key for s, value in self.values(model) for key in s.keys(value))

    def without(self, model: ConfigModel, excluded: frozenset[str]) -> dict[str, Any]:
        """The sections without the items whose key is in ``excluded`` (a model update)."""
        return {s.name: s.without(value, excluded) for s, value in self.values(model)}

    def digest(self, kinds: Mapping[str, object]) -> dict[str, Any]:
        """The canonical rows of what the sections declared (``kinds``: a DesiredState's);
        ``prune_settings`` lists every prune flag (``prune_flags``) when any is set."""
        found: dict[str, Any] = {}
        pruning: set[str] = set()
        for section in self.sections:
            declared = kinds.get(section.name)
            if declared is not None:
                found |= section.digest(declared)
                if section.prune_description is not None and section.prunes(declared):
                    pruning.add(section.name)
        if pruning:
            found["prune_settings"] = [name in pruning for name in self.prune_flags]
        return found


def _prune_flags(sections: tuple[AnySection, ...]) -> tuple[str, ...]:
    return tuple(s.name for s in sections if s.prune_description is not None)


def _prunes(model: ConfigModel, section: AnySection) -> bool:
    return section.prune_description is not None and bool(getattr(model.prune, section.name))


def _composed_model(sections: tuple[AnySection, ...]) -> type[ConfigModel]:
    if not sections:
        return ConfigModel  # a file that uses no section: nothing to compose
    prune_flags: dict[str, Any] = {
        s.name: (bool, Field(default=False, description=s.prune_description))
        for s in sections
        if s.prune_description is not None
    }
    prune = create_model(
        "PruneModel", __base__=PruneModel, __doc__=PruneModel.__doc__,
        __module__=PruneModel.__module__, **prune_flags,
    )
    fields: dict[str, Any] = {
        s.name: (s.annotation, Field(default=None, description=s.description)) for s in sections
    }
    prune_field = ConfigModel.model_fields["prune"]
    return create_model(
        "ConfigModel", __base__=ConfigModel, __doc__=ConfigModel.__doc__,
        __module__=ConfigModel.__module__,
        prune=(prune, Field(default_factory=prune, description=prune_field.description)),
        **fields,
    )
