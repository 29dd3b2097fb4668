"""A saved plan carries the digest of the file it was made from; these values must not move
when the code that computes them does (a plan saved before must still apply)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync.config import resolve
from ghlsync.kinds.file import load_document

KEYED = """version: 1
location: loc_1
prune: { tags: true, custom_values: false }
custom_values:
  support_phone: { name: Support phone, value: "+1 555 0100", ignore: [value] }
  brand: { name: Brand, value: Acme, prevent_destroy: true }
tags: [vip, hot, vip2]
associations:
  - key: owner
    first: { object: contact, label: Owner }
    second: { object: business, label: Owned }
"""


@pytest.mark.parametrize(
    ("body", "digest"),
    [
        (KEYED, "998ff1cae94a3e367c8be14a9628c993f6d3e607fcb4e62bd838e572f3142a9c"),
        ("version: 1\nlocation: loc_1\nprune: { custom_values: true }\n",
         "9e43335192ab327b210230da49fcb6c931951eddde32d9b49c92224c44b48d72"),
        ("version: 1\nlocation: loc_1\ntags: []\n",
         "16e2eee88d2c5c0d00edb784e6f087038668cae6d13bddbde604d96b8fcac011"),
    ],
)
def test_the_digest_of_a_file_keeps_its_value(tmp_path: Path, body: str, digest: str) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(body, encoding="utf-8")
    assert resolve(load_document(path, {}), None, None).desired.config_digest == digest
