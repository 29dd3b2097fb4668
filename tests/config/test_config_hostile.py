"""Hostile configuration files: tokens by reference, ids that break paths, resource bombs.

Every refusal is a ConfigError (FILE:LINE) or a UsageError, raised before anything else runs.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ghlsync.config import check_location_option, resolve
from ghlsync.config.bounded import MAX_CONFIG_BYTES
from ghlsync.config.interpolation import PlaceholderEnviron
from ghlsync.errors import ConfigError, UsageError
from ghlsync.kinds.file import load_document

TOKEN = "pit-0123456789abcdef0123456789abcdef"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, environ: dict[str, str] | PlaceholderEnviron) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_document(path, environ)
    return [str(problem) for problem in caught.value.problems]


# --- tokens by reference ---------------------------------------------------------------------

ENVIRONMENTS = """\
    version: 1
    environments:
      production: {location: loc_p, token_env: GHL_TOKEN_PRODUCTION, read_token_env: GHL_RO}
    records:
      jane: {production: "${GHL_TOKEN_PRODUCTION}"}
    managed_records: ["${GHL_RO}"]
    """


def test_location_from_ghl_token_is_refused_without_showing_it(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${GHL_TOKEN}\n")
    [problem] = problems(path, {"GHL_TOKEN": TOKEN})
    assert problem.startswith(f"{path}:2: location: ${{GHL_TOKEN}} holds an API token")
    assert TOKEN not in problem


def test_token_env_and_read_token_env_variables_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, ENVIRONMENTS)
    environ = {"GHL_TOKEN_PRODUCTION": TOKEN, "GHL_RO": TOKEN[::-1]}
    found = problems(path, environ)
    assert [p.split(": ")[0:2] for p in found] == [
        [f"{path}:5", "records.jane.production"],
        [f"{path}:6", "managed_records[0]"],
    ]
    assert all("holds an API token" in p and TOKEN not in p and TOKEN[::-1] not in p for p in found)


def test_token_variables_are_refused_offline_even_when_unset(tmp_path: Path) -> None:
    path = write(tmp_path, ENVIRONMENTS)
    placeholders = PlaceholderEnviron({})
    found = problems(path, placeholders)
    assert len(found) == 2 and all("holds an API token" in p for p in found)
    assert placeholders.missing == set()


def test_another_variable_carrying_a_token_value_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${INNOCENT}\n")
    environ = {"GHL_TOKEN": TOKEN, "INNOCENT": TOKEN}
    [problem] = problems(path, environ)
    assert f"{path}:2: location: ${{INNOCENT}} contains the value of a token variable" in problem
    assert TOKEN not in problem


def test_a_token_env_given_by_reference_still_guards_its_variable(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        environments:
          prod: {location: loc_p, token_env: "${WHICH}"}
        records:
          jane: {prod: "${MY_TOKEN}"}
        """)
    [problem] = problems(path, {"WHICH": "MY_TOKEN", "MY_TOKEN": TOKEN})
    assert f"{path}:5: records.jane.prod: ${{MY_TOKEN}} holds an API token" in problem
    assert TOKEN not in problem


@pytest.mark.parametrize(
    ("token", "innocent"),
    [("sh0rt", "loc-sh0rt-x"), ("abc", "abc"), (TOKEN, f"x{TOKEN[3:15]}y")],
)
def test_a_variable_containing_a_short_token_or_a_long_piece_is_refused(
    tmp_path: Path, token: str, innocent: str
) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${INNOCENT}\n")
    [problem] = problems(path, {"GHL_TOKEN": token, "INNOCENT": innocent})
    assert "${INNOCENT} contains the value of a token variable" in problem
    assert innocent not in problem


def test_ordinary_variables_still_interpolate(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${LOC}\n")
    document = load_document(path, {"LOC": "loc_1", "GHL_TOKEN": TOKEN})
    assert document.model.location == "loc_1"


def test_read_token_env_is_part_of_an_environment(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        environments:
          ci: {location: loc_c, token_env: RW, read_token_env: RO}
        """)
    assert load_document(path, {}).model.environments["ci"].read_token_env == "RO"
    bad = write(tmp_path, "version: 1\nenvironments:\n  ci: {location: l, read_token_env: 'a b'}\n")
    [problem] = problems(bad, {})
    assert problem.startswith(f"{bad}:3: environments.ci.read_token_env: 'a b' is not")


# --- ids that would break URL paths ------------------------------------------------------------

HOSTILE_IDS = ["", ".", "..", "a/b", "../x", " a", "a b", "a\tb", "a?b", "a#b", "a%2Fb", "a\x01b"]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
@pytest.mark.parametrize(
    ("template", "line", "where"),
    [
        ("location: {v}\n", 2, "location"),
        ("location: l\nrecords:\n  jane: {{default: {v}}}\n", 4, "records.jane.default"),
        ("location: l\nmanaged_records: [{v}]\n", 3, "managed_records[0]"),
        ("location: l\nrelations:\n  k:\n    - [{v}, b]\n", 5, "relations.k[0][0]"),
        ("location: l\nrelations:\n  k:\n    - {{first: a, second: {v}}}\n", 5,
         "relations.k[0].second"),
        ("location: l\nenvironments:\n  e: {{location: {v}}}\n", 4, "environments.e.location"),
    ],
)
def test_unsafe_ids_are_refused_at_their_line(
    tmp_path: Path, hostile: str, template: str, line: int, where: str
) -> None:
    quoted = '"' + hostile.replace("\\", "\\\\").replace("\t", "\\t").replace("\x01", "\\x01") + '"'
    path = write(tmp_path, "version: 1\n" + template.format(v=quoted))
    [problem] = problems(path, {})
    assert problem.startswith(f"{path}:{line}: {where}: ")
    assert "is not a valid id or name" in problem


@pytest.mark.parametrize("hostile", [*HOSTILE_IDS, ".hidden"])
def test_unsafe_association_keys_and_aliases_are_refused(tmp_path: Path, hostile: str) -> None:
    quoted = '"' + hostile.replace("\t", "\\t").replace("\x01", "\\x01") + '"'
    path = write(tmp_path, f"""\
        version: 1
        location: l
        records:
          {quoted}: {{default: r1}}
        relations:
          {quoted}:
            - [a, b]
        """)
    found = problems(path, {})
    assert [p.split(": ")[0] for p in found] == [f"{path}:4", f"{path}:6"]


def test_association_keys_may_contain_dots_and_dashes(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: loc-1_A
        associations:
          - key: property.owner-v2_x
            first: {object: contact, label: A}
            second: {object: business, label: B}
        """)
    assert load_document(path, {}).model.associations[0].key == "property.owner-v2_x"


def test_long_values_and_keys_are_shortened_in_messages(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: " + "x/" * 90 + "\n" + "k" * 500 + ": 1\n")
    found = problems(path, {})
    assert len(found) == 2 and "x/" * 45 not in found[0] and "k" * 100 not in found[1]
    assert found[0].startswith(f"{path}:2: location: 'x/x/") and "…'" in found[0]
    assert found[1].startswith(f"{path}:3: unknown key 'kkk") and "…'" in found[1]


def test_ids_longer_than_200_characters_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: " + "x" * 201 + "\n")
    assert problems(path, {}) == [f"{path}:2: location: must be at most 200 characters long"]


@pytest.mark.parametrize("hostile", ["", " ", "a/b", "..", "l?x=1", "l#f", "l%2F", "a\nb"])
def test_unsafe_location_option_is_a_usage_error(tmp_path: Path, hostile: str) -> None:
    document = load_document(write(tmp_path, "version: 1\nlocation: l\n"), {})
    with pytest.raises(UsageError, match=r"^--location "):
        resolve(document, None, hostile)


def test_location_option_check_names_the_option() -> None:
    assert check_location_option("loc_1-A") == "loc_1-A"
    with pytest.raises(UsageError, match=r"^--to 'a/b' is not a location id"):
        check_location_option("a/b", "--to")


# --- resource bombs --------------------------------------------------------------------------


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    text = "version: 1\nlocation: &s " + "x" * 1_000_000 + "\nmanaged_records: ["
    path = tmp_path / "ghlsync.yaml"
    path.write_text(text + ", ".join(["*s"] * 900_000) + "]\n", encoding="utf-8")
    started = time.monotonic()
    [problem] = problems(path, {})
    assert problem == f"{path}:2: document too large once its YAML aliases are expanded"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "body",
    [
        "location: " + "[" * 200_000 + "]" * 200_000,
        "location:\n  " + "- " * 200_000 + "x",
        "location: " + "{a: " * 5_000 + "1" + "}" * 5_000,
        "x0: &a0 [1]\n" + "".join(f"x{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 2_000)),
        "m0: &m0 {a: 1}\n" + "".join(f"m{i}: &m{i} {{<<: *m{i - 1}}}\n" for i in range(1, 2_000)),
    ],
    ids=["flow", "block", "mappings", "alias-chain", "merge-chain"],
)
def test_deep_nesting_is_refused_without_recursion_error(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, "version: 1\n" + body + "\n")
    [problem] = problems(path, {})
    assert problem.endswith("nested more than 64 levels deep")


def test_a_file_over_the_size_bound_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    with path.open("wb") as out:
        out.truncate(MAX_CONFIG_BYTES + 1)
    with pytest.raises(UsageError, match=r"is larger than 8 MB: refused$"):
        load_document(path, {})


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    with pytest.raises(UsageError, match="is not a regular file"):
        load_document(Path("/dev/zero"), {})


@pytest.mark.skipif(sys.platform == "win32", reason="needs mkfifo")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "ghlsync.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="is not a regular file"):
        load_document(fifo, {})


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=f"config file is a directory: {tmp_path}"):
        load_document(tmp_path, {})


def test_an_integer_of_5000_digits_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, f"version: 1\nsafety:\n  min_relations_for_fraction: {'9' * 5000}\n")
    assert any("a number too long to read" in found for found in problems(path, {}))
