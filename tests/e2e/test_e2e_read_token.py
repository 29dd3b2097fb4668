"""A pull-request job holds only the read-only token: plan works, apply refuses to start."""

from __future__ import annotations

from tests.e2e.conftest import LOCATION, OWNER_ASSOCIATION, Served, dump, write_config
from tests.e2e.e2e_proxy import doctoring_proxy

READ_TOKEN = "pit-read-only-0123456789abcdef"
CONFIG = f"""
version: 1
environments:
  production:
    location: {LOCATION}
    token_env: GHL_TOKEN_WRITE
    read_token_env: GHL_TOKEN_READ
{OWNER_ASSOCIATION}relations:
  property_owner:
    - [p1, c1]
"""
ONLY_THE_READ_TOKEN = {"GHL_TOKEN": "", "GHL_TOKEN_READ": READ_TOKEN}


def test_plan_reads_with_only_the_read_token(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    served.hold({"custom_objects.property": ["p1"], "contact": ["c1"]})
    with doctoring_proxy(served.url, lambda _exchange: None) as (url, log):
        served.url = url
        result = served.run(
            "plan", "--env", "production", "--detailed-exitcode", env=ONLY_THE_READ_TOKEN,
            hold_records=False,
        )
    assert result.code == 2, result.stderr
    assert "Plan: 2 to add, 0 to change, 0 to destroy." in result.stdout
    assert log.exchanges
    assert {e.authorization for e in log.exchanges} == {f"Bearer {READ_TOKEN}"}


def test_apply_refuses_without_the_write_token_and_changes_nothing(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    before = dump(served.state_dump())
    result = served.run(
        "apply", "--env", "production", "--auto-approve", env=ONLY_THE_READ_TOKEN,
        hold_records=False,
    )
    assert result.code == 1
    assert "Error: no API token: set the environment variable GHL_TOKEN_WRITE" in result.stderr
    assert READ_TOKEN not in result.stdout + result.stderr
    assert dump(served.state_dump()) == before


def test_a_saved_plan_is_not_applied_with_the_read_token(served: Served) -> None:
    write_config(served.workdir, CONFIG)
    planned = served.run(
        "plan", "--env", "production", "--out", "plan.json", env=ONLY_THE_READ_TOKEN
    )
    assert planned.code == 0, planned.stderr
    before = dump(served.state_dump())
    result = served.run("apply", "plan.json", "--env", "production", env=ONLY_THE_READ_TOKEN)
    assert result.code == 1
    assert "set the environment variable GHL_TOKEN_WRITE" in result.stderr
    assert dump(served.state_dump()) == before
