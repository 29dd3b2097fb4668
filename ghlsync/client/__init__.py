"""The GHL API client: transport, pacing, retries, tolerant parsing and the endpoints."""

from ghlsync.client.api import GhlClient
from ghlsync.client.http import (
    DEFAULT_BASE_URL,
    build_http_client,
    check_base_url,
    token_from_environment,
)
from ghlsync.client.pacing import Pacer
from ghlsync.client.retry import RetrySettings
from ghlsync.client.stats import ClientStats

__all__ = [
    "DEFAULT_BASE_URL",
    "ClientStats",
    "GhlClient",
    "Pacer",
    "RetrySettings",
    "build_http_client",
    "check_base_url",
    "token_from_environment",
]
