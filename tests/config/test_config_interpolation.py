"""${VAR} substitution: string values only, escapes, no type changes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.errors import ConfigError
from ghlsync.kinds.file import load_document


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_variables_are_replaced_inside_strings(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: loc_${REGION}_${NUM}
        associations:
          - key: a
            first: {object: contact, label: "${LABEL} side"}
            second: {object: business, label: B}
        """)
    doc = load_document(path, {"REGION": "eu", "NUM": "7", "LABEL": "Owner"})
    assert doc.model.location == "loc_eu_7"
    assert doc.model.associations[0].first.label == "Owner side"


def test_double_dollar_escapes_a_literal_reference(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: loc_1
        associations:
          - key: a
            first: {object: contact, label: "costs $${PRICE} and $$5"}
            second: {object: business, label: B}
        """)
    doc = load_document(path, {})
    assert doc.model.associations[0].first.label == "costs ${PRICE} and $$5"


def test_keys_are_never_interpolated(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: loc_1
        records:
          "${ALIAS}": {default: r1}
        """)
    with pytest.raises(ConfigError) as caught:
        load_document(path, {"ALIAS": "replaced"})
    [problem] = caught.value.problems
    assert problem.message.startswith("records.${ALIAS}: '${ALIAS}' is not a valid id")


def test_interpolation_does_not_change_types(tmp_path: Path) -> None:
    path = write(tmp_path, "version: ${V}\nlocation: ${LOC}\n")
    with pytest.raises(ConfigError) as caught:
        load_document(path, {"V": "1", "LOC": "123"})
    assert [str(p) for p in caught.value.problems] == [f"{path}:1: version: must be 1"]


def test_interpolated_number_stays_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${LOC}\n")
    assert load_document(path, {"LOC": "123"}).model.location == "123"


def test_malformed_reference_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nlocation: ${1abc}\n")
    with pytest.raises(ConfigError) as caught:
        load_document(path, {})
    [problem] = caught.value.problems
    assert (problem.line, problem.message.split(":")[0]) == (2, "location")
    assert "malformed variable reference" in problem.message


def test_every_unset_variable_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        location: ${A}
        managed_records: ["${B}", ok, "${A}"]
        """)
    with pytest.raises(ConfigError) as caught:
        load_document(path, {})
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: location: environment variable A is not set",
        f"{path}:3: managed_records[0]: environment variable B is not set",
        f"{path}:3: managed_records[2]: environment variable A is not set",
    ]


def test_process_environment_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GHLSYNC_TEST_LOCATION", "loc_from_env")
    path = write(tmp_path, "version: 1\nlocation: ${GHLSYNC_TEST_LOCATION}\n")
    assert load_document(path).model.location == "loc_from_env"
