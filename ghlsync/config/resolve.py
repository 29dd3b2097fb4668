"""Resolve a loaded document for one location: environment, location, aliases -> DesiredState.

``ghlsync validate`` checks every environment here and builds no DesiredState: the desired
state's classes, its digest and ownership are imported where one is built, so validate does
not load them (``tests/commands/test_validate_imports.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from ghlsync.config.document import ConfigDocument
from ghlsync.config.ids import check_location_option
from ghlsync.config.models import EnvironmentModel, NaturalKeyModel, relation_pair
from ghlsync.config.natural_keys import natural_key
from ghlsync.config.semantics import DEFAULT_ENVIRONMENT
from ghlsync.config.yaml_loader import DocPath
from ghlsync.errors import ConfigError, ConfigProblem, UsageError
from ghlsync.values.records import DesiredRelation, RecordRef, RelationKey
from ghlsync.values.source import Source

if TYPE_CHECKING:
    from ghlsync.values.state import (
        DesiredAssociation,
        DesiredState,
        PruneSettings,
        ResolvedRecord,
        SafetySettings,
    )

__all__ = [
    "LocationAccess",
    "Resolved",
    "check_all_environments",
    "check_environment",
    "checked_location",
    "declared_associations",
    "environment_names",
    "location_access",
    "record_aliases",
    "record_ids",
    "resolve",
]


class Resolved(NamedTuple):
    """The desired state for one location, and where the token lives."""

    desired: DesiredState
    token_env: str | None = None
    read_token_env: str | None = None


def environment_names(doc: ConfigDocument) -> list[str]:
    """The environments the file declares, in file order."""
    return list(doc.model.environments)


def _environment(doc: ConfigDocument, name: str | None) -> EnvironmentModel | None:
    if name is None:
        return None
    if name not in doc.model.environments:
        known = ", ".join(environment_names(doc)) or "none are declared"
        raise UsageError(f"unknown environment '{name}' in {doc.file} (known: {known})")
    return doc.model.environments[name]


def record_aliases(doc: ConfigDocument, environment: str | None) -> dict[str, str]:
    """Record id -> alias for the environment (``default`` ids when it is None)."""
    _environment(doc, environment)
    column = environment or DEFAULT_ENVIRONMENT
    aliases: dict[str, str] = {}
    for alias, ids in doc.model.records.items():
        if not isinstance(ids, NaturalKeyModel) and column in ids:
            aliases.setdefault(ids[column], alias)
    return aliases


def _location(doc: ConfigDocument, env: EnvironmentModel | None, override: str | None) -> str:
    if override is not None:
        return check_location_option(override)
    chosen = env.location if env is not None else doc.model.location
    if chosen is not None:
        return chosen
    choices = environment_names(doc)
    pick = f", choose --env ({', '.join(choices)})" if choices else ""
    raise UsageError(f"no location: set `location` in {doc.file}{pick} or pass --location")


class _Resolver:
    """Builds the parts of a DesiredState, collecting problems instead of stopping."""

    def __init__(
        self,
        doc: ConfigDocument,
        environment: str | None,
        resolved: Sequence[ResolvedRecord] = (),
    ) -> None:
        self.doc = doc
        self.environment = environment
        self.problems: list[ConfigProblem] = []
        self.aliases: dict[str, str] = {}
        self.resolved = {record.alias: record.id for record in resolved}
        self.unresolved: dict[str, None] = {}
        self.needs_environment = False
        self.records: dict[str, RecordRef] = {}

    def source(self, *path: str | int) -> Source:
        return Source(self.doc.file, self.doc.lines.line(path))

    def report(self, path: DocPath, message: str) -> None:
        self.problems.append(ConfigProblem(self.doc.file, self.doc.lines.line(path), message))

    def record(self, name: str, path: DocPath) -> RecordRef:
        """The record ``name`` stands for; one shared value per name (a record in a thousand
        relations is one RecordRef and one id string, not a thousand)."""
        known = self.records.get(name)
        if known is not None:
            return known
        problems = len(self.problems)
        found = self._record(name, path)
        if len(self.problems) == problems:
            self.records[name] = found
        return found

    def _record(self, name: str, path: DocPath) -> RecordRef:
        ids = self.doc.model.records.get(name)
        if ids is None:
            return RecordRef(name)
        if isinstance(ids, NaturalKeyModel):
            return self._natural(name, ids)
        column = self.environment or DEFAULT_ENVIRONMENT
        if column not in ids:
            self.needs_environment = self.environment is None
            self.report(path, self._missing_id_message(name))
            return RecordRef(name, name)
        self.aliases.setdefault(ids[column], name)
        return RecordRef(ids[column], name)

    def _natural(self, name: str, entry: NaturalKeyModel) -> RecordRef:
        """The resolved id; unresolved (validate), the alias stands in for it."""
        if name not in self.resolved:
            self.unresolved[name] = None
        record_id = self.resolved.get(name, name)
        self.aliases.setdefault(record_id, name)
        return RecordRef(record_id, name, natural_key(entry).value)

    def refuse_unresolved(self) -> None:
        """Natural keys stand for records only once resolved in the location."""
        for name in self.unresolved:
            self.report(
                ("records", name),
                f"record '{name}' is a natural key and was not resolved in the location "
                "(this command cannot resolve natural keys; name it by id)",
            )

    def _missing_id_message(self, alias: str) -> str:
        if self.environment is None:
            return (
                f"record alias '{alias}' needs an environment: pass --env NAME "
                f"or give it a '{DEFAULT_ENVIRONMENT}' id under records.{alias}"
            )
        return (
            f"record alias '{alias}' has no id for environment '{self.environment}' "
            f"(add '{self.environment}: <id>' under records.{alias})"
        )

    def associations(self) -> dict[str, DesiredAssociation]:
        from ghlsync.values.state import DesiredAssociation, Side

        return {
            item.key: DesiredAssociation(
                key=item.key,
                first=Side(item.first.object, item.first.label),
                second=Side(item.second.object, item.second.label),
                source=self.source("associations", index),
            )
            for index, item in enumerate(self.doc.model.associations)
        }

    def relations(self) -> tuple[DesiredRelation, ...]:
        seen: dict[RelationKey, DesiredRelation] = {}
        ordered: list[DesiredRelation] = []
        for key, items in self.doc.model.relations.items():
            for index, item in enumerate(items):
                relation = self._relation(key, index, relation_pair(item))
                if relation.identity in seen:
                    self._duplicate(relation, seen[relation.identity], index)
                    continue
                seen[relation.identity] = relation
                ordered.append(relation)
        return tuple(ordered)

    def _relation(self, key: str, index: int, names: tuple[str, str]) -> DesiredRelation:
        path: DocPath = ("relations", key, index)
        first, second = (self.record(name, path) for name in names)
        return DesiredRelation(key, first, second, self.source(*path))

    def _duplicate(self, relation: DesiredRelation, first: DesiredRelation, index: int) -> None:
        shown = f"{relation.first.display()} -> {relation.second.display()}"
        self.report(
            ("relations", relation.association_key, index),
            f"relations.{relation.association_key}[{index}]: relation {shown} is listed twice: "
            f"first at line {first.source.line}, again at line {relation.source.line}",
        )

    def managed_records(self) -> dict[str, Source]:
        managed: dict[str, Source] = {}
        for index, name in enumerate(self.doc.model.managed_records):
            ref = self.record(name, ("managed_records", index))
            managed.setdefault(ref.id, self.source("managed_records", index))
        return managed

    def relation_sources(self) -> dict[str, Source]:
        return {key: self.source("relations", key) for key in self.doc.model.relations}


def _settings(doc: ConfigDocument) -> tuple[PruneSettings, SafetySettings]:
    from ghlsync.values.state import PruneSettings, SafetySettings

    prune, safety = doc.model.prune, doc.model.safety
    return (
        PruneSettings(
            associations=prune.associations,
            relations=prune.relations,
        ),
        SafetySettings(
            max_relation_delete_fraction=safety.max_relation_delete_fraction,
            min_relations_for_fraction=safety.min_relations_for_fraction,
        ),
    )


def _desired(
    resolver: _Resolver,
    env: EnvironmentModel | None,
    location: str | None,
    resolved: Sequence[ResolvedRecord],
) -> DesiredState:
    """Build the state, raising ConfigError for file problems before asking for a location."""
    from ghlsync.config.declared_objects import declared_objects_of
    from ghlsync.config.digest import desired_state_digest
    from ghlsync.values.state import DesiredState

    prune, safety = _settings(resolver.doc)
    relations, managed = resolver.relations(), resolver.managed_records()
    resolver.refuse_unresolved()
    _require_environment(resolver)
    if resolver.problems:
        raise ConfigError(resolver.problems)
    state = DesiredState(
        location_id=_location(resolver.doc, env, location),
        environment=resolver.environment,
        config_path=resolver.doc.file,
        config_digest="",
        associations=resolver.associations(),
        relations=relations,
        managed_records=managed,
        relation_sources=resolver.relation_sources(),
        aliases={**record_aliases(resolver.doc, resolver.environment), **resolver.aliases},
        prune=prune,
        safety=safety,
        objects=declared_objects_of(resolver.doc),
        resolved=tuple(sorted(resolved, key=lambda record: record.alias)),
        **_managed_settings(resolver.doc),
    )
    return replace(state, config_digest=desired_state_digest(state, resolver.doc.schema))


def _managed_settings(doc: ConfigDocument) -> dict[str, Any]:
    """What the kinds' sections declare, and the ownership (docs/design.md, "Kinds")."""
    from ghlsync.config.declared_ownership import ownership_of

    model, file, lines = doc.model, doc.file, doc.lines
    return {
        "kinds": doc.schema.declared(model, file, lines),
        "ownership": ownership_of(model, file, lines, doc.schema),
    }


class LocationAccess(NamedTuple):
    """Where a command goes and which variables hold its tokens, before records are resolved."""

    location_id: str
    token_env: str | None = None
    read_token_env: str | None = None


def location_access(
    doc: ConfigDocument, environment: str | None, location: str | None
) -> LocationAccess:
    """The location id and token variables, before any record is resolved."""
    env = _environment(doc, environment)
    if env is None:
        return LocationAccess(_location(doc, env, location))
    return LocationAccess(_location(doc, env, location), env.token_env, env.read_token_env)
def _require_environment(resolver: _Resolver) -> None:
    """One error, not one per alias, when a file with environments is used without --env."""
    names = environment_names(resolver.doc)
    if resolver.needs_environment and names:
        raise UsageError(
            f"{resolver.doc.file} declares environments: pass --env: {', '.join(names)}"
        )


def declared_associations(doc: ConfigDocument) -> dict[str, DesiredAssociation]:
    """The associations the file declares; they do not depend on the environment."""
    return _Resolver(doc, None).associations()


def record_ids(doc: ConfigDocument, environment: str | None) -> list[str]:
    """Every record id the file names for ``environment`` (relations and managed_records)."""
    _environment(doc, environment)
    resolver = _Resolver(doc, environment)
    relations, managed = resolver.relations(), resolver.managed_records()
    if resolver.problems:
        raise ConfigError(resolver.problems)
    listed = {r.first.id for r in relations} | {r.second.id for r in relations}
    return sorted((listed | set(managed)) - set(resolver.unresolved))


def check_environment(doc: ConfigDocument, environment: str | None) -> None:
    """Every file problem for ``environment`` (natural keys unresolved), before any request."""
    _environment(doc, environment)
    resolver = _Resolver(doc, environment)
    resolver.relations()
    resolver.managed_records()
    if resolver.problems:
        raise ConfigError(resolver.problems)


def checked_location(
    doc: ConfigDocument, environment: str | None, location: str | None
) -> LocationAccess:
    """Raise every file problem for the location, then give its location id and token variable."""
    check_environment(doc, environment)
    return location_access(doc, environment, location)


def check_all_environments(doc: ConfigDocument) -> tuple[str, ...]:
    """What ``validate`` runs offline: resolve aliases and duplicates for every environment.

    Raises one ConfigError with the problems of all environments; returns the warnings.
    """
    problems: list[ConfigProblem] = []
    names: list[str | None] = [*environment_names(doc)] or [None]
    for name in names:
        resolver = _Resolver(doc, name)
        resolver.relations()
        resolver.managed_records()
        problems.extend(resolver.problems)
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return doc.warnings


def resolve(
    doc: ConfigDocument,
    environment: str | None,
    location: str | None,
    resolved: Sequence[ResolvedRecord] = (),
) -> Resolved:
    """Resolve ``doc`` for ``--env environment`` and ``--location location`` (either None).

    ``resolved`` gives the ids of natural-key aliases (``ghlsync.engine.record_keys``); a used
    natural key missing from it is a problem. An unknown environment or no location at all
    raises UsageError; alias and duplicate problems raise one ConfigError listing them all.
    """
    env = _environment(doc, environment)
    desired = _desired(_Resolver(doc, environment, resolved), env, location, resolved)
    if env is None:
        return Resolved(desired)
    return Resolved(desired, env.token_env, env.read_token_env)
