"""The ground floor: plain values (where a thing was written, the desired and live states,
objects and fields, changes and plans) and the pure rules on them. Nothing here does I/O or
imports anything of ghlsync above it (docs/design.md, "Layout")."""
