"""A member's view of the file: interpolated with its ``vars``, without its ``exclude`` keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ghlsync.config import ConfigDocument, load_document
from ghlsync.config.fleet import KEYED_SECTIONS
from ghlsync.config.models import ConfigModel
from ghlsync.fleet.members import Member

__all__ = ["member_document"]

def member_document(
    base: ConfigDocument, member: Member, environ: Mapping[str, str]
) -> ConfigDocument:
    """The file as ``member`` sees it. ConfigError (that member's) when a variable is unset."""
    document = load_document(base.path, {**environ, **member.vars})
    if not member.exclude:
        return document
    return replace(document, model=without_keys(document.model, frozenset(member.exclude)))


def without_keys(model: ConfigModel, excluded: frozenset[str]) -> ConfigModel:
    """``model`` without the associations (and their relations), objects and things of the
    other kinds (``KEYED_SECTIONS``) whose key is in ``excluded``."""
    update: dict[str, Any] = {
        "associations": [a for a in model.associations if a.key not in excluded],
        "relations": {k: v for k, v in model.relations.items() if k not in excluded},
        "objects": {k: v for k, v in model.objects.items() if k not in excluded},
    }
    for section in KEYED_SECTIONS:
        if hasattr(model, section):
            update[section] = _without(getattr(model, section), excluded)
    return model.model_copy(update=update)


def _without(section: Any, excluded: frozenset[str]) -> Any:
    if isinstance(section, dict):
        return {key: value for key, value in section.items() if key not in excluded}
    if isinstance(section, list):
        return [item for item in section if _key_of(item) not in excluded]
    return section


def _key_of(item: Any) -> str:
    return str(getattr(item, "key", None) or getattr(item, "name", None) or item)
