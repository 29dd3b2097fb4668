"""load_document: every error names FILE:LINE; several problems arrive in one ConfigError."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.config.yaml_loader import parse_yaml
from ghlsync.errors import ConfigError, UsageError
from ghlsync.kinds.file import load_document

VALID_HEAD = """\
version: 1
location: loc_1
"""


def write(tmp_path: Path, text: str, head: str = "") -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(head + textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_document(path, environ or {})
    return [str(p) for p in caught.value.problems]


def test_duplicate_top_level_key_reports_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: a\nlocation: b\n")
    assert problems_of(path) == [
        f"{path}:3: duplicate key 'location': first at line 2, again at line 3"
    ]


def test_duplicate_nested_key_names_its_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        associations:
          - key: a
            first: {object: contact, label: A}
            second: {object: contact, label: B}
            first: {object: business, label: C}
        """, VALID_HEAD)
    assert problems_of(path) == [
        f"{path}:7: duplicate key 'first' in associations[0]: first at line 5, again at line 7"
    ]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        associations:
          - key: a
            first: {object: contact, lable: A}
            second: {object: contact, label: B}
        """, VALID_HEAD)
    problems = problems_of(path)
    assert f"{path}:5: unknown key 'lable' in associations[0].first (did you mean 'label'?)" in (
        problems
    )
    assert f"{path}:5: missing required key 'label' in associations[0].first" in problems


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, "colour: blue\n", VALID_HEAD)
    assert problems_of(path) == [f"{path}:3: unknown key 'colour' in the top level"]


@pytest.mark.parametrize("bad", ["contacts", "custom_objects.Property", "custom_objects."])
def test_bad_object_key(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, f"""\
        associations:
          - key: a
            first: {{object: contact, label: A}}
            second: {{object: "{bad}", label: B}}
        """, VALID_HEAD)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:6: associations[0].second.object: '{bad}' is not an object")
    assert "custom_objects.<name>" in problem


def test_bad_association_key(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        associations:
          - key: has space
            first: {object: contact, label: A}
            second: {object: contact, label: B}
        """, VALID_HEAD)
    [problem] = problems_of(path)
    assert problem.startswith(
        f"{path}:4: associations[0].key: 'has space' is not a valid association key"
    )


def test_unset_variable_is_named_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\n\nlocation: ${GHL_LOCATION_ID}\n")
    assert problems_of(path) == [
        f"{path}:3: location: environment variable GHL_LOCATION_ID is not set"
    ]


def test_token_anywhere_is_refused_and_never_echoed(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        environments:
          prod:
            location: loc_p
            token: pit-secret-value
        token: another-secret
        """, VALID_HEAD)
    with pytest.raises(ConfigError) as caught:
        load_document(path, {})
    advice = "tokens are never read from the file: set GHL_TOKEN or name a variable with token_env"
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:6: environments.prod.token: {advice}",
        f"{path}:7: token: {advice}",
    ]
    assert "secret" not in str(caught.value)


def test_duplicate_association_key_reports_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        associations:
          - key: owner
            first: {object: contact, label: A}
            second: {object: business, label: B}
          - key: owner
            first: {object: contact, label: C}
            second: {object: business, label: D}
        """, VALID_HEAD)
    assert problems_of(path) == [
        f"{path}:7: associations[1]: duplicate association key 'owner': "
        "first at line 4, again at line 7"
    ]


def test_missing_version(tmp_path: Path) -> None:
    path = write(tmp_path, "location: loc_1\n")
    assert problems_of(path) == [f"{path}:1: missing required key 'version' in the top level"]


@pytest.mark.parametrize("value", ["2", "true", "'1'"])
def test_version_must_be_the_number_one(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"version: {value}\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:1: version: ")


def test_integer_id_must_be_quoted(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        records:
          jane: {default: 12345}
        """, VALID_HEAD)
    assert problems_of(path) == [
        f'{path}:4: records.jane.default: expected a string, got the number 12345: '
        'quote it, e.g. "12345"'
    ]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("prune: {relations: 'no'}", "prune.relations: expected true or false, got a str"),
        ("safety: {max_relation_delete_fraction: 1.5}", "less than or equal to 1"),
        ("safety: {min_relations_for_fraction: -1}", "greater than or equal to 0"),
        ("associations: {key: a}", "associations: expected a list, got a mapping"),
        ("relations: {a: [[x]]}", "relations.a[0]: list should have at least 2 items"),
        ("relations: {a: [x]}", "relations.a[0]: a relation is [first, second] or {first"),
        ("relations: {a: [{first: x}]}", "missing required key 'second' in relations.a[0]"),
        ("managed_records: [\"\"]", "managed_records[0]: '' is not a valid id"),
        ("environments: {prod: {location: l, token_env: 'bad name'}}", "not an environment"),
    ],
)
def test_wrong_shapes_and_types(tmp_path: Path, snippet: str, expected: str) -> None:
    path = write(tmp_path, snippet + "\n", VALID_HEAD)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3: ")
    assert expected.lower() in problem.lower()


@pytest.mark.parametrize("value", ["yes", "2024-01-01"])
def test_yaml_scalars_that_are_not_text_must_be_quoted(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"version: 1\nlocation: {value}\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:2: location: expected a string, got ")
    assert problem.endswith(": quote it to keep it as text")


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nassociations:\n  - key: [unclosed\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "YAML syntax error" in problem


def test_yaml_syntax_error_line_is_exact(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: a\n  bad: indentation\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3: YAML syntax error")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n")
    assert problems_of(path) == [f"{path}:1: the file is empty: it needs at least 'version: 1'"]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- version: 1\n")
    assert problems_of(path) == [f"{path}:1: the top level: expected a mapping, got a list"]


def test_unknown_record_environment(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        environments:
          staging: {location: loc_s}
        records:
          jane: {stagin: c1}
        """, VALID_HEAD)
    assert problems_of(path) == [
        f"{path}:6: records.jane: unknown environment 'stagin' (known: default, staging)"
    ]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(UsageError, match=f"cannot read config file {missing}: no such file"):
        load_document(missing)


def test_invalid_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_bytes(b"version: 1\nlocation: \xff\n")
    assert problems_of(path) == [f"{path}:2: the file is not valid UTF-8"]


def test_a_leading_byte_order_mark_is_dropped_and_lines_still_count_from_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_bytes(b"\xef\xbb\xbfversion: 1\nlocation: loc_1\n")
    assert load_document(path, {}).model.location == "loc_1"
    path.write_bytes(b"\xef\xbb\xbfversion: 1\n\nlocation: \xff\n")
    assert problems_of(path) == [f"{path}:3: the file is not valid UTF-8"]


def test_many_problems_arrive_together(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: ${NOPE}
        location: again
        token: x
        associations:
          - key: a
            first: {object: person, label: A}
            second: {object: contact, label: 7}
        """)
    with pytest.raises(ConfigError) as caught:
        load_document(path, {})
    lines = [p.line for p in caught.value.problems]
    assert lines == [2, 3, 4, 7, 8]
    assert str(caught.value).startswith("5 errors in configuration:")


def test_unsupported_tag_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: !!python/name:os.system x\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:2: unsupported YAML value: ")
    assert "python/name" in problem


def test_recursive_alias_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nmanaged_records: &loop [*loop]\n")
    problems = problems_of(path)
    assert any("refers to itself" in p for p in problems)


def test_line_table_points_into_sequences_and_mappings() -> None:
    parsed = parse_yaml(b"a:\n  - x\n  -\n    b: 1\n", "f.yaml")
    assert parsed.data == {"a": ["x", {"b": 1}]}
    assert parsed.lines.line(("a",)) == 1
    assert parsed.lines.line(("a", 0)) == 2
    assert parsed.lines.line(("a", 1, "b")) == 4
    assert parsed.lines.line(("a", 1, "missing", 3)) == 4


def test_keys_stay_text_and_merge_keys_work() -> None:
    text = b"base: &b {on: 1, x: 2}\nderived:\n  <<: *b\n  x: 3\n"
    parsed = parse_yaml(text, "f.yaml")
    assert parsed.problems == ()
    assert parsed.data["derived"] == {"on": 1, "x": 3}
    assert parsed.lines.line(("derived", "x")) == 4
