"""YAML parsing that refuses duplicate keys and remembers the line of everything.

The document is built as plain ``dict``/``list``/scalars, and a side table maps every path
into it (a tuple of mapping keys and sequence indices) to the 1-based line it was written on.
Mapping keys are always kept as the text written (``on:`` stays ``"on"``, never ``True``).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any, NamedTuple, NoReturn

import yaml
from yaml.constructor import ConstructorError
from yaml.events import CollectionEndEvent, CollectionStartEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ghlsync.errors import ConfigError, ConfigProblem

try:  # libyaml's parser is ~3x faster on large files; the nodes and marks are the same
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

__all__ = ["DocPath", "LineTable", "LineTrackingLoader", "ParsedYaml", "format_path", "parse_yaml"]

DocPath = tuple[str | int, ...]
"""A location inside the document: mapping keys and sequence indices from the root."""

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAX_NODES = 1_000_000
_MAX_DEPTH = 64
_NESTING_REFUSED = "nested more than {} levels deep"
_MAX_EXPANDED_CHARS = 32 * 1024 * 1024
"""Text of every scalar counted once per use: aliases cannot blow a small file up."""


class LineTable:
    """Document path -> 1-based line, answering for missing paths with their nearest ancestor."""

    def __init__(self, lines: Mapping[DocPath, int]) -> None:
        self._lines = dict(lines)

    def line(self, path: DocPath) -> int:
        for end in range(len(path), -1, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def __contains__(self, path: object) -> bool:
        return path in self._lines


class ParsedYaml(NamedTuple):
    """A parsed document, its line table, and problems that did not stop parsing."""

    data: Any
    lines: LineTable
    problems: tuple[ConfigProblem, ...]


def format_path(path: DocPath) -> str:
    """``('associations', 0, 'first')`` -> ``associations[0].first``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "the top level"


def _line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


class LineTrackingLoader(_SafeLoader):
    """A SafeLoader that builds plain data while recording lines and duplicate keys."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file
        self.lines: dict[DocPath, int] = {}
        self.problems: list[ConfigProblem] = []
        self._active: set[int] = set()
        self._built = 0
        self._depth = 0
        self._expanded = 0

    def build_document(self) -> Any:
        """Compose the single document and build it, recording lines on the way."""
        node = self.get_single_node()
        if node is None:
            return None
        self.lines[()] = _line_of(node)
        return self._build(node, ())

    def _problem(self, node: Node, message: str) -> None:
        self.problems.append(ConfigProblem(self.file, _line_of(node), message))

    def _refuse(self, node: Node, message: str) -> NoReturn:
        raise ConfigError([ConfigProblem(self.file, _line_of(node), message)])

    def _count(self, node: Node, chars: int) -> None:
        self._built += 1
        self._expanded += chars
        if self._built > _MAX_NODES:
            self._refuse(node, "document too large")
        if self._expanded > _MAX_EXPANDED_CHARS:
            self._refuse(node, "document too large once its YAML aliases are expanded")

    def _build(self, node: Node, path: DocPath) -> Any:
        self._count(node, len(node.value) if isinstance(node, ScalarNode) else 0)
        if id(node) in self._active:
            self._problem(node, "a YAML alias refers to itself (recursive anchor)")
            return None
        if self._depth >= _MAX_DEPTH:
            self._refuse(node, _NESTING_REFUSED.format(_MAX_DEPTH))
        self._active.add(id(node))
        self._depth += 1
        try:
            return self._build_any(node, path)
        finally:
            self._depth -= 1
            self._active.discard(id(node))

    def _build_any(self, node: Node, path: DocPath) -> Any:
        if isinstance(node, MappingNode):
            return self._build_mapping(node, path) if self._tag_ok(node, _MAP_TAG) else None
        if isinstance(node, SequenceNode):
            return self._build_sequence(node, path) if self._tag_ok(node, _SEQ_TAG) else None
        return self._build_scalar(node)

    def _tag_ok(self, node: Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        self._problem(node, f"unsupported YAML tag {node.tag}")
        return False

    def _build_scalar(self, node: Node) -> Any:
        try:
            return self.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            self._problem(node, _describe(error))
            return None
        except ValueError:  # Python refuses to convert integers of over 4,300 digits
            self._problem(node, "a number too long to read (over 4,300 digits)")
            return None

    def _build_sequence(self, node: SequenceNode, path: DocPath) -> list[Any]:
        items: list[Any] = []
        for index, child in enumerate(node.value):
            self.lines[(*path, index)] = _line_of(child)
            items.append(self._build(child, (*path, index)))
        return items

    def _build_mapping(self, node: MappingNode, path: DocPath) -> dict[str, Any]:
        merges = [value for key, value in node.value if key.tag == _MERGE_TAG]
        result = self._merged(merges, path)
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = None if key_node.tag == _MERGE_TAG else self._key_text(key_node)
            if key is None:
                continue
            if key in seen:
                self._duplicate(key_node, key, seen[key], path)
                continue
            seen[key] = self.lines[(*path, key)] = _line_of(key_node)
            result[key] = self._build(value_node, (*path, key))
        return result

    def _merged(self, merges: list[Node], path: DocPath) -> dict[str, Any]:
        """Values from ``<<`` merge keys; explicit keys built afterwards override them."""
        sources = [n for m in merges for n in (m.value if isinstance(m, SequenceNode) else [m])]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if isinstance(source, MappingNode):
                merged.update(self._build(source, path) or {})
            else:
                self._problem(source, "a merge key (<<) needs a mapping or a list of mappings")
        return merged

    def _key_text(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode):
            self._count(node, len(node.value))
            return str(node.value)
        self._problem(node, "mapping keys must be plain text, not a list or a mapping")
        return None

    def _duplicate(self, node: Node, key: str, first_line: int, path: DocPath) -> None:
        where = f" in {format_path(path)}" if path else ""
        self._problem(
            node, f"duplicate key '{key}'{where}: first at line {first_line}, "
            f"again at line {_line_of(node)}"
        )


def _describe(error: yaml.YAMLError) -> str:
    if "maximum nesting depth" in str(error):  # libyaml >= 0.2.5 (PyYAML 6.0.4) stops it itself
        return _NESTING_REFUSED.format(_MAX_DEPTH)
    if not isinstance(error, yaml.MarkedYAMLError):
        return f"YAML error: {error}"
    kind = "unsupported YAML value" if isinstance(error, ConstructorError) else "YAML syntax error"
    return f"{kind}: " + ", ".join(str(p) for p in (error.context, error.problem) if p)


def _error_line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else 1


def _decode(raw: bytes, file: str) -> str:
    text = raw.removeprefix(codecs.BOM_UTF8)  # as utf-8-sig would, without loading that codec
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as error:
        line = text[: error.start].count(b"\n") + 1
        raise ConfigError([ConfigProblem(file, line, "the file is not valid UTF-8")]) from None


def _event_line(event: Event) -> int:
    return int(event.start_mark.line) + 1 if event.start_mark is not None else 1


def _check_nesting(text: str, file: str) -> None:
    """Refuse deep nesting before libyaml's recursive composer can overflow the C stack."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH:
                message = _NESTING_REFUSED.format(_MAX_DEPTH)
                raise ConfigError([ConfigProblem(file, _event_line(event), message)])
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def parse_yaml(raw: bytes, file: str) -> ParsedYaml:
    """Parse one YAML document; a syntax error raises ConfigError at once."""
    text = _decode(raw, file)
    loader = LineTrackingLoader(text, file)
    try:
        _check_nesting(text, file)
        data = loader.build_document()
    except yaml.YAMLError as error:
        raise ConfigError([ConfigProblem(file, _error_line(error), _describe(error))]) from None
    finally:
        loader.dispose()
    return ParsedYaml(data, LineTable(loader.lines), tuple(dict.fromkeys(loader.problems)))
