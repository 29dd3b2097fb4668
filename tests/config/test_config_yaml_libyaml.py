"""The config parser uses libyaml when PyYAML has it (large files parse ~3x faster)."""

from __future__ import annotations

import pytest
import yaml

from ghlsync.config.yaml_loader import LineTrackingLoader, parse_yaml


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_the_loader_is_built_on_libyaml() -> None:
    assert issubclass(LineTrackingLoader, yaml.CSafeLoader)


def test_lines_and_duplicates_survive_the_fast_parser() -> None:
    text = "relations:\n  owner:\n    - [a, b]\n    - [c, d]\nrelations: {}\n"
    parsed = parse_yaml(text.encode(), "f.yaml")
    assert parsed.lines.line(("relations", "owner", 1)) == 4
    assert [p.line for p in parsed.problems] == [5]
    assert "duplicate key 'relations'" in parsed.problems[0].message
