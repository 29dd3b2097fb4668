"""A member's view of the file: interpolated with its ``vars``, without its ``exclude`` keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghlsync.config import ConfigDocument
from ghlsync.config.models import ConfigModel
from ghlsync.config.sections import FileSchema
from ghlsync.fleet.members import Member
from ghlsync.kinds.file import load_document

__all__ = ["member_document"]


def member_document(
    base: ConfigDocument, member: Member, environ: Mapping[str, str]
) -> ConfigDocument:
    """The file as ``member`` sees it. ConfigError (that member's) when a variable is unset."""
    document = load_document(base.path, {**environ, **member.vars})
    if not member.exclude:
        return document
    excluded = frozenset(member.exclude)
    return document._replace(model=without_keys(document.model, excluded, document.schema))


def without_keys(model: ConfigModel, excluded: frozenset[str], schema: FileSchema) -> ConfigModel:
    """``model`` without the associations (and their relations), objects and the items of
    the kinds' sections whose key is in ``excluded``."""
    update: dict[str, Any] = {
        "associations": [a for a in model.associations if a.key not in excluded],
        "relations": {k: v for k, v in model.relations.items() if k not in excluded},
        "objects": {k: v for k, v in model.objects.items() if k not in excluded},
    }
    return model.model_copy(update=update | schema.without(model, excluded))
