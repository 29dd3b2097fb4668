"""Builders shared by the custom value, tag and ownership tests."""

from __future__ import annotations

from pathlib import Path

from ghlsync.config import resolve
from ghlsync.kinds.file import load_document
from ghlsync.values.state import DesiredState, LiveState

FILE = "ghlsync.yaml"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / FILE
    path.write_text("version: 1\nlocation: loc_1\n" + body, encoding="utf-8")
    return path


def desired(tmp_path: Path, body: str) -> DesiredState:
    return resolve(load_document(write(tmp_path, body), {}), None, None).desired


def live(**kinds: object) -> LiveState:
    """A live state holding what each kind named read (``tags={...}``)."""
    return LiveState("loc_1", kinds=kinds)
