"""Which variable a command's token comes from: ``token_env``, or ``read_token_env`` for reads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ghlsync.connection import TokenVariables, api_token
from ghlsync.errors import UsageError

WRITE, READ = "GHL_TOKEN_PRODUCTION", "GHL_TOKEN_PRODUCTION_READ"
BOTH = TokenVariables(WRITE, READ)


def test_the_read_token_is_used_when_it_is_set() -> None:
    assert api_token(BOTH, {READ: "read-secret", WRITE: "write-secret"}) == "read-secret"


def test_without_the_read_token_the_environment_token_is_used() -> None:
    assert api_token(BOTH, {WRITE: "write-secret"}) == "write-secret"


def test_without_a_token_env_the_fallback_is_ghl_token() -> None:
    assert api_token(TokenVariables(None, READ), {"GHL_TOKEN": "plain"}) == "plain"


def test_writes_never_use_the_read_token() -> None:
    with pytest.raises(UsageError, match=f"set the environment variable {WRITE}$"):
        api_token(TokenVariables(WRITE), {READ: "read-secret"})


def test_with_no_token_at_all_the_message_names_the_read_variable() -> None:
    with pytest.raises(UsageError, match=f"no API token: set the environment variable {READ}$"):
        api_token(BOTH, {READ: "  ", "GHL_TOKEN": "not-this-environment's"})


def test_importing_the_connection_options_loads_no_http_client() -> None:
    probe = "import sys, ghlsync.connection; print({'httpx', 'tenacity'} & set(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "set()"
