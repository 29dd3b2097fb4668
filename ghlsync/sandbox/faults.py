"""Fault injection and rate-limit settings for the sandbox, and the seeded dice that apply them.

A spec string for the command line is a comma-separated list of ``name=value`` items::

    latency_ms=20,jitter_ms=5,fault_rate=0.2,lost_rate=0.1,seed=3,rate=100/10000,daily=200000

``dropped_rate`` is the share of writes answered as done whose change is then not kept (a
write that did not stick, which only verification after apply can notice).

``rate=N/MS`` sets ``rate_max`` and ``rate_interval_ms`` at once; ``rate_window=fixed`` counts
them per interval of the clock instead of in a sliding window; ``retry_after=off`` stops
429 answers from carrying a ``Retry-After`` header. Two items change the answers rather than
inject faults: ``shape=captured`` picks a response-shape variant and
``missing_scopes=associations.write+associations/relation.write`` takes scopes away from the
token (see :mod:`ghlsync.sandbox.shapes`). ``agency_token=TOKEN`` names the token the sandbox
knows as the agency's (default ``sandbox-agency-token``): only it may create a custom object
(``POST /objects/`` is Agency-Access), and it is refused everywhere else.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ghlsync.errors import UsageError
from ghlsync.sandbox.shapes import SHAPES, Shape, parse_scopes

__all__ = ["TRANSIENT_STATUSES", "FaultDecision", "FaultInjector", "FaultSettings"]

TRANSIENT_STATUSES = (500, 502, 503, 429)
RATE_WINDOWS = ("sliding", "fixed")
_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True)
class FaultSettings:
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    fault_rate: float = 0.0
    lost_rate: float = 0.0
    dropped_rate: float = 0.0
    seed: int = 0
    rate_max: int = 100
    rate_interval_ms: int = 10_000
    rate_window: str = "sliding"
    daily_max: int = 200_000
    send_retry_after: bool = True
    shape: str = "captured"
    missing_scopes: str = ""
    agency_token: str = "sandbox-agency-token"

    def __post_init__(self) -> None:
        if self.shape not in SHAPES:
            raise UsageError(
                f"unknown sandbox shape {self.shape!r} (known: {', '.join(SHAPES)})"
            )
        if self.rate_window not in RATE_WINDOWS:
            raise UsageError(
                f"fault setting rate_window must be one of {', '.join(RATE_WINDOWS)}"
            )
        try:
            parse_scopes(self.missing_scopes)
        except ValueError as error:
            raise UsageError(f"fault setting missing_scopes: {error}") from None
        for name in ("fault_rate", "lost_rate", "dropped_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise UsageError(f"fault setting {name} must be between 0 and 1")
        for name in ("latency_ms", "jitter_ms"):
            if getattr(self, name) < 0:
                raise UsageError(f"fault setting {name} must not be negative")
        for name in ("rate_max", "rate_interval_ms", "daily_max"):
            if getattr(self, name) < 1:
                raise UsageError(f"fault setting {name} must be at least 1")

    @classmethod
    def parse(cls, spec: str) -> FaultSettings:
        """Settings from ``name=value,...``; UsageError naming the first bad item."""
        changes: dict[str, object] = {}
        for item in (part.strip() for part in spec.split(",")):
            if item:
                changes.update(_parse_item(item))
        return cls().updated(changes)

    def updated(self, changes: Mapping[str, object]) -> FaultSettings:
        """A copy with some fields replaced (values may be strings); UsageError when bad."""
        converted: dict[str, Any] = {name: _convert(name, value) for name, value in changes.items()}
        return dataclasses.replace(self, **converted)

    @property
    def answer_shape(self) -> Shape:
        return SHAPES[self.shape]

    @property
    def scopes_lacking(self) -> frozenset[str]:
        return parse_scopes(self.missing_scopes)

    def to_json(self) -> dict[str, Any]:
        """The settings, without the agency token (a token is never shown)."""
        shown = dataclasses.asdict(self)
        del shown["agency_token"]
        return shown


def _parse_item(item: str) -> dict[str, object]:
    name, equals, value = item.partition("=")
    name, value = name.strip(), value.strip()
    if not equals or not value:
        raise UsageError(f"bad fault setting {item!r}: expected name=value")
    if name == "rate":
        return _parse_rate(item, value)
    if name == "daily":
        return {"daily_max": value}
    if name == "retry_after":
        return {"send_retry_after": value}
    return {name: value}


def _parse_rate(item: str, value: str) -> dict[str, object]:
    count, slash, interval = value.partition("/")
    if not slash:
        raise UsageError(f"bad fault setting {item!r}: expected rate=REQUESTS/MILLISECONDS")
    return {"rate_max": count, "rate_interval_ms": interval}


def _convert(name: str, value: object) -> object:
    field_types = {f.name: f.type for f in dataclasses.fields(FaultSettings)}
    if name not in field_types:
        known = ", ".join(sorted(field_types))
        raise UsageError(f"unknown fault setting {name!r} (known: {known})")
    converter = _CONVERTERS[str(field_types[name])]
    try:
        return converter(value)
    except (TypeError, ValueError):
        raise UsageError(f"bad fault setting {name}={value!r}") from None


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE_WORDS | _FALSE_WORDS:
        return word in _TRUE_WORDS
    raise ValueError(word)


def _to_int(value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str) and not isinstance(value, bool):
        return int(value)
    raise ValueError(value)


def _to_float(value: object) -> float:
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return float(value)
    raise ValueError(value)


def _to_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    raise ValueError(value)


_CONVERTERS: dict[str, Callable[[object], object]] = {
    "str": _to_text,
    "float": _to_float,
    "int": _to_int,
    "bool": _to_bool,
}


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What to do to one request: wait, answer with a transient error, lose the answer, and/or
    answer a write without keeping its change."""

    delay_seconds: float = 0.0
    status: int | None = None
    lose_answer: bool = False
    drop_write: bool = False


class FaultInjector:
    """Rolls the seeded dice for each request. The caller serializes calls (the sandbox lock)."""

    def __init__(self, settings: FaultSettings) -> None:
        self.settings = settings
        self._random = random.Random(settings.seed)

    def decide(self, is_write: bool) -> FaultDecision:
        settings = self.settings
        delay_ms = settings.latency_ms + self._random.uniform(0.0, settings.jitter_ms)
        status = None
        if self._random.random() < settings.fault_rate:
            status = self._random.choice(TRANSIENT_STATUSES)
        lose = is_write and status is None and self._random.random() < settings.lost_rate
        drop = is_write and status is None and self._roll(settings.dropped_rate)
        return FaultDecision(delay_ms / 1000.0, status, lose, drop)

    def _roll(self, rate: float) -> bool:
        """A die only thrown when the fault is on, so older seeds keep their sequences."""
        return rate > 0 and self._random.random() < rate
