"""The CI recipes (examples/ci/, .pre-commit-hooks.yaml): they parse, every ghlsync command they
run exists with those flags, the GitHub workflow has its triggers, and no step prints a token."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import click
import pytest
import yaml

from ghlsync.cli import cli
from ghlsync.config import resolve
from ghlsync.kinds.file import load_document

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / "examples/ci/github-actions.yml"
GITLAB = ROOT / "examples/ci/gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-hooks.yaml"
RECIPES = (GITHUB, GITLAB, PRE_COMMIT)
_OPERATOR_CHARS = "();<>|&"
_GITLAB_RESERVED = {"default", "variables", "stages", "include", "workflow"}


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _github_scripts() -> list[str]:
    jobs = _load(GITHUB)["jobs"]
    return [step["run"] for job in jobs.values() for step in job["steps"] if "run" in step]


def _gitlab_scripts() -> list[str]:
    document = _load(GITLAB)
    jobs = [document["default"]] + [
        job for name, job in document.items()
        if name not in _GITLAB_RESERVED and not name.startswith(".")
    ]
    keys = ("before_script", "script", "after_script")
    return [line for job in jobs for key in keys for line in job.get(key, [])]


def _pre_commit_scripts() -> list[str]:
    return [
        shlex.join([*shlex.split(hook["entry"]), *hook.get("args", [])])
        for hook in _load(PRE_COMMIT)
    ]


def _all_scripts() -> list[str]:
    return _github_scripts() + _gitlab_scripts() + _pre_commit_scripts()


def _logical_lines(script: str) -> list[str]:
    return script.replace("\\\n", " ").splitlines()


def _ghlsync_commands(script: str) -> list[list[str]]:
    """The arguments after each ``ghlsync`` word, up to the next shell operator."""
    commands = []
    for line in _logical_lines(script):
        words = _shell_words(line)
        for index, word in enumerate(words):
            if word == "ghlsync":
                commands.append(_until_operator(words[index + 1:]))
    return commands


def _shell_words(line: str) -> list[str]:
    """Words and operators: ``x=$(ghlsync plan 2> e)`` gives ``x=$ ( ghlsync plan > e )``."""
    lexer = shlex.shlex(re.sub(r"\b[0-9]>", " >", line), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _until_operator(words: list[str]) -> list[str]:
    taken = []
    for word in words:
        if word and word[0] in _OPERATOR_CHARS:
            break
        taken.append(word)
    return taken


def _resolve(args: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = cli
    while isinstance(command, click.Group):
        assert args, "ghlsync without a subcommand"
        name, args = args[0], args[1:]
        assert name in command.commands, f"ghlsync has no subcommand {name!r}"
        command = command.commands[name]
    return command, args


def _flags_of(command: click.Command) -> set[str]:
    flags = {"--help", "-h"}
    for param in command.params:
        if isinstance(param, click.Option):
            flags.update(param.opts + param.secondary_opts)
    return flags


ALL_COMMANDS = [command for script in _all_scripts() for command in _ghlsync_commands(script)]


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.name)
def test_every_recipe_parses(path: Path) -> None:
    assert _load(path)


def test_the_recipes_run_the_commands_the_issue_asks_for() -> None:
    used = {" ".join(command) for command in ALL_COMMANDS}
    assert "validate" in used
    assert "plan --env production --format markdown --out plan.json" in used
    assert "apply reviewed/plan.json --env production" in used
    assert "apply plan.json --env production" in used
    assert any("--detailed-exitcode" in command for command in ALL_COMMANDS)
    assert len(ALL_COMMANDS) >= 10


@pytest.mark.parametrize("args", ALL_COMMANDS, ids=lambda a: " ".join(a))
def test_every_ghlsync_command_exists_with_its_flags(args: list[str]) -> None:
    command, rest = _resolve(list(args))
    flags = _flags_of(command)
    for word in rest:
        if word.startswith("-"):
            assert word.split("=")[0] in flags, f"ghlsync {args[0]} has no option {word}"
    command.make_context(f"ghlsync {args[0]}", list(rest))  # values, choices, arity


def test_the_command_check_catches_a_typo() -> None:
    command, rest = _resolve(["plan", "--detailed-exit-code"])
    with pytest.raises(click.NoSuchOption):
        command.make_context("ghlsync plan", rest)
    with pytest.raises(AssertionError, match="no subcommand 'aply'"):
        _resolve(["aply"])
    assert _ghlsync_commands("x=$(ghlsync plan --format json 2> err | jq .)") == [
        ["plan", "--format", "json"]]


def test_github_workflow_triggers() -> None:
    document = _load(GITHUB)
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]
    jobs = document["jobs"]
    assert jobs["plan"]["if"] == "github.event_name == 'pull_request'"
    assert "github.event_name == 'push'" in jobs["apply"]["if"]
    assert jobs["drift"]["if"] == "github.event_name == 'schedule'"


def test_github_plan_comment_is_found_again_by_its_marker() -> None:
    steps = _load(GITHUB)["jobs"]["plan"]["steps"]
    script = next(s["with"]["script"] for s in steps if "github-script" in s.get("uses", ""))
    assert "<!-- ghlsync-plan -->" in script
    assert "updateComment" in script and "createComment" in script
    uploads = [s for s in steps if "upload-artifact" in s.get("uses", "")]
    assert uploads[0]["with"]["path"] == "plan.json"


def _token_names() -> set[str]:
    return {
        "GHL_TOKEN", "GHL_TOKEN_PRODUCTION", "GHL_TOKEN_PRODUCTION_READ", "GH_TOKEN",
        "GITLAB_NOTE_TOKEN",
    }


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.name)
def test_no_step_prints_or_traces_a_token(path: Path) -> None:
    scripts = {GITHUB: _github_scripts, GITLAB: _gitlab_scripts, PRE_COMMIT: _pre_commit_scripts}
    for script in scripts[path]():
        assert "secrets." not in script, "secrets belong in env:, not in a script"
        assert not re.search(r"set\s+-[a-z]*x", script), "shell tracing would print values"
        for line in _logical_lines(script):
            # `env -u NAME ... command` removes NAME, it prints nothing
            if re.match(r"\s*(echo|printf|cat|printenv|env(?!\s+-u\b))\b", line):
                assert not any(name in line for name in _token_names()), line


def test_secrets_only_reach_steps_through_env() -> None:
    text = GITHUB.read_text(encoding="utf-8")
    for line in text.splitlines():
        if "secrets." in line:
            assert re.match(r"\s+[A-Z_]+: \$\{\{ secrets\.[A-Z_]+ \}\}$", line), line


def test_pre_commit_hook() -> None:
    (hook,) = _load(PRE_COMMIT)
    assert hook["id"] == "ghlsync-validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True  # each changed file is validated, not ./ghlsync.yaml
    assert "-c" not in hook.get("args", []) and "-c" not in hook["entry"]
    files = re.compile(hook["files"])
    names = ("ghlsync.yaml", "crm/ghlsync.yml", "ghlsync.production.yaml", "ghlsync-staging.yml")
    for name in (*names, "crm/ghlsync.yaml", "a/b/ghlsync-staging.yaml"):
        assert files.search(name), name
    for name in ("other.yaml", "ghlsync.yaml.bak", "not-ghlsync.yaml"):
        assert not files.search(name), name


def test_the_pre_commit_entry_validates_each_file_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As pre-commit runs it: the entry, then the changed file names."""
    from ghlsync.cli import main

    (hook,) = _load(PRE_COMMIT)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crm").mkdir()
    (tmp_path / "crm/ghlsync.yaml").write_text("version: 1\nlocation: loc_a\n")
    (tmp_path / "ghlsync-staging.yml").write_text("version: 1\nlocation: loc_b\ntoken: x\n")
    argv = [*shlex.split(hook["entry"])[1:], "crm/ghlsync.yaml", "ghlsync-staging.yml"]
    assert main(argv) == 1  # the second is invalid
    output = capsys.readouterr()
    assert "crm/ghlsync.yaml: valid" in output.out
    assert "ghlsync-staging.yml:3" in output.err
    assert main([*argv[:-1]]) == 0


# --- installing ghlsync before a release exists ------------------------------------------------

PIP_SPEC = "ghlsync @ git+https://github.com/OWNER/REPO@COMMIT_SHA"


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.name)
def test_no_recipe_installs_a_release_that_does_not_exist(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "ghlsync==0" not in text
    assert "v0.1.0" not in text


def test_ci_recipes_install_from_the_repository_at_a_marked_commit() -> None:
    github, gitlab = _load(GITHUB), _load(GITLAB)
    assert github["env"]["GHLSYNC_PIP_SPEC"] == PIP_SPEC
    assert gitlab["variables"]["GHLSYNC_PIP_SPEC"] == PIP_SPEC
    installs = [line for line in _github_scripts() + _gitlab_scripts() if "pip install" in line]
    assert len(installs) == 4
    assert all('"$GHLSYNC_PIP_SPEC"' in line for line in installs)
    for path in (GITHUB, GITLAB):
        assert "REPLACE OWNER/REPO" in path.read_text(encoding="utf-8"), path.name


def test_pre_commit_header_names_a_commit_to_replace() -> None:
    header = PRE_COMMIT.read_text(encoding="utf-8")
    assert re.search(r"^#\s+rev: COMMIT_SHA\s+# REPLACE", header, re.MULTILINE)
    prose = " ".join(line.lstrip("# ") for line in header.splitlines())
    assert "only a warning for validate" in prose  # validate warns; it does not fail


def test_the_license_pyproject_names_is_there() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 The ghlsync authors\n")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject


# --- the GitHub workflow: concurrency, time limits, pinned actions, tokens ----------------------

SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _github_jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = _load(GITHUB)["jobs"]
    return jobs


def test_no_workflow_level_group_lets_a_plan_cancel_a_pending_apply() -> None:
    assert "concurrency" not in _load(GITHUB)
    jobs = _github_jobs()
    apply_group = jobs["apply"]["concurrency"]
    assert apply_group["cancel-in-progress"] is False
    others = [job.get("concurrency", {}).get("group") for name, job in jobs.items()
              if name != "apply"]
    assert apply_group["group"] not in others


def test_every_github_job_has_a_time_limit() -> None:
    for name, job in _github_jobs().items():
        assert 0 < job["timeout-minutes"] <= 60, name


def test_every_action_is_pinned_by_commit_with_its_version_beside_it() -> None:
    lines = [line for line in GITHUB.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) >= 8
    for line in lines:
        uses, _, comment = line.split("uses:", 1)[1].partition("#")
        assert SHA_PIN.match(uses.strip()), line
        assert re.fullmatch(r" v\d+\.\d+\.\d+", comment), line


def test_the_reviewed_plan_artifact_may_be_uploaded_again() -> None:
    steps = _github_jobs()["plan"]["steps"]
    (upload,) = [s for s in steps if "upload-artifact" in s.get("uses", "")]
    assert upload["with"]["overwrite"] is True


def test_stale_plan_advice_does_not_send_people_back_to_the_old_merge_commit() -> None:
    text = GITHUB.read_text(encoding="utf-8")
    assert "Re-run the\n    #    pull request's checks" not in text
    assert "push a new commit to the pull request" in text
    apply_steps = "\n".join(_github_scripts())
    assert "run this workflow manually" in apply_steps


def _declared_token_variables(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^#\s+(token_env|read_token_env): (\w+)", text, re.MULTILINE)
    return dict(found)


def _step_variables(job: dict[str, Any]) -> set[str]:
    return {name for step in job["steps"] for name in step.get("env", {})}


def test_only_the_apply_job_holds_the_token_that_can_write() -> None:
    variables = _declared_token_variables(GITHUB)
    write, read = variables["token_env"], variables["read_token_env"]
    jobs = _github_jobs()
    assert _step_variables(jobs["plan"]) == {read}
    assert _step_variables(jobs["drift"]) == {read, "GH_TOKEN"}
    assert write in _step_variables(jobs["apply"]) and read not in _step_variables(jobs["apply"])


def test_secrets_reach_only_the_steps_that_run_ghlsync() -> None:
    for name, job in _github_jobs().items():
        assert "env" not in job, f"{name}: a job's env reaches every step (pip install too)"
        for step in job["steps"]:
            secret = any("secrets." in str(value) for value in step.get("env", {}).values())
            if secret:
                assert "ghlsync " in step.get("run", ""), (name, step.get("name"))
            if "pip install" in step.get("run", ""):
                assert "env" not in step, name


def test_checkouts_keep_no_credentials() -> None:
    for name, job in _github_jobs().items():
        for step in job["steps"]:
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False, name


def test_the_pr_comment_is_found_by_the_bots_own_comment_not_the_marker_alone() -> None:
    steps = _github_jobs()["plan"]["steps"]
    script = next(s["with"]["script"] for s in steps if "github-script" in s.get("uses", ""))
    predicate = script.split("const ours =", 1)[1].split(";", 1)[0]
    assert "c.user.login === 'github-actions[bot]'" in predicate
    assert "c.user.type === 'Bot'" in predicate and "startsWith(marker)" in predicate
    assert "comments.find(ours)" in script


def test_time_limits_follow_the_documented_rule() -> None:
    rule = "(2 x requests + changes) / 10 / 60 + 5"
    for path in (GITHUB, GITLAB):
        assert rule in path.read_text(encoding="utf-8"), path.name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "requests ÷ 10 per second" in readme
    # 30 minutes, 5 of them set-up, at 10 requests per second: about 15,000 requests.
    assert _github_jobs()["apply"]["timeout-minutes"] == 30
    assert _load(GITLAB)["apply:production"]["timeout"] == "30 minutes"


def test_gitlab_production_apply_waits_for_a_person() -> None:
    job = _load(GITLAB)["apply:production"]
    (rule,) = job["rules"]
    assert rule["when"] == "manual" and job["allow_failure"] is False
    assert job["needs"] == ["plan:production"]
    assert "ghlsync apply plan.json --env production" in job["script"]


def _install_lines() -> list[str]:
    return [line for line in _github_scripts() + _gitlab_scripts() if "pip install" in line]


def test_installs_are_pinned_by_the_constraints_file_and_cached() -> None:
    assert all(" -c ci/constraints.txt " in line for line in _install_lines())
    for name, job in _github_jobs().items():
        (setup,) = [s for s in job["steps"] if "setup-python" in s.get("uses", "")]
        assert setup["with"]["cache"] == "pip", name
        assert setup["with"]["cache-dependency-path"] == "ci/constraints.txt", name
    gitlab = _load(GITLAB)
    assert gitlab["default"]["cache"]["key"]["files"] == ["ci/constraints.txt"]
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert gitlab["default"]["cache"]["paths"] == [".cache/pip"]


def test_gitlab_installs_without_any_token_in_the_environment() -> None:
    (install,) = [line for line in _gitlab_scripts() if "pip install" in line]
    unset = set(re.findall(r"-u (\w+)", install.split("pip install")[0]))
    assert unset == {"GHL_TOKEN_PRODUCTION", "GHL_TOKEN_PRODUCTION_READ", "GITLAB_NOTE_TOKEN"}


def _runtime_requirements() -> dict[str, str]:
    """ghlsync's dependencies and theirs, as installed where the tests run."""
    from importlib.metadata import distribution, requires

    from packaging.requirements import Requirement

    found: dict[str, str] = {}
    todo = ["ghlsync"]
    while todo:
        for text in requires(todo.pop()) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            dist = distribution(requirement.name)
            name = dist.metadata["Name"].lower().replace("_", "-")
            if name not in found:
                found[name] = dist.version
                todo.append(requirement.name)
    return found


def test_the_constraints_file_pins_what_the_tests_pass_with() -> None:
    lines = (GITHUB.with_name("constraints.txt")).read_text(encoding="utf-8").splitlines()
    pins = dict(
        line.split("==") for line in lines if line.strip() and not line.startswith("#")
    )
    pinned = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    assert pinned == _runtime_requirements()


def test_the_environment_the_recipes_assume_is_valid(tmp_path: Path) -> None:
    for path in (GITHUB, GITLAB):
        variables = _declared_token_variables(path)
        config = tmp_path / f"{path.stem}.yaml"
        environments = {"production": {"location": "loc_prd", **variables}}
        config.write_text(yaml.safe_dump({"version": 1, "environments": environments}))
        resolved = resolve(load_document(config), "production", None)
        assert (resolved.token_env, resolved.read_token_env) == (
            "GHL_TOKEN_PRODUCTION", "GHL_TOKEN_PRODUCTION_READ"
        )


# --- the GitLab merge-request note helper -----------------------------------------------------


def _note_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gitlab_mr_note", GITLAB.with_name(
        "gitlab_mr_note.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BOT_USER = 42
"""The id of the user the note token acts as, in the fake GitLab."""


class _FakeGitLab(BaseHTTPRequestHandler):
    notes: ClassVar[list[dict[str, Any]]] = []
    tokens: ClassVar[list[str]] = []

    def _answer(self, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _form_body(self) -> str:
        length = int(self.headers["Content-Length"])
        return parse_qs(self.rfile.read(length).decode())["body"][0]

    def do_GET(self) -> None:
        self.tokens.append(self.headers["PRIVATE-TOKEN"])
        if urlparse(self.path).path.endswith("/user"):
            self._answer({"id": BOT_USER, "username": "project_1_bot"})
            return
        page = int(parse_qs(urlparse(self.path).query)["page"][0])
        self._answer(self.notes if page == 1 else [])

    def do_POST(self) -> None:
        note = {"id": 7 + len(self.notes), "body": self._form_body(), "author": {"id": BOT_USER}}
        self.notes.append(note)
        self._answer(note)

    def do_PUT(self) -> None:
        note_id = int(self.path.rsplit("/", 1)[1])
        note = next(n for n in self.notes if n["id"] == note_id)
        note["body"] = self._form_body()
        self._answer(note)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_gitlab() -> Iterator[str]:
    forged = {"id": 2, "body": "<!-- ghlsync-plan -->\nNo changes, merge away", "author": {"id": 5}}
    _FakeGitLab.notes = [{"id": 1, "body": "LGTM", "author": {"id": 5}}, forged]
    _FakeGitLab.tokens = []
    server = HTTPServer(("127.0.0.1", 0), _FakeGitLab)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    finally:
        server.shutdown()
        server.server_close()


def test_gitlab_note_is_posted_once_then_updated(
    fake_gitlab: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _note_module()
    plan = tmp_path / "plan.md"
    environ = {
        "CI_API_V4_URL": fake_gitlab,
        "CI_PROJECT_ID": "group/project",
        "CI_MERGE_REQUEST_IID": "12",
        "GITLAB_NOTE_TOKEN": "glpat-secret-value",
    }
    plan.write_text("**Plan:** 1 to add")
    assert module.main([str(plan)], environ) == 0
    plan.write_text("**No changes.**")
    assert module.main([str(plan)], environ) == 0

    bodies = [note["body"] for note in _FakeGitLab.notes]
    assert bodies == [  # another author's note with the marker is left alone
        "LGTM",
        "<!-- ghlsync-plan -->\nNo changes, merge away",
        "<!-- ghlsync-plan -->\n**No changes.**",
    ]
    assert set(_FakeGitLab.tokens) == {"glpat-secret-value"}
    printed = capsys.readouterr()
    assert printed.out.splitlines() == ["posted the plan note", "updated plan note 9"]
    assert "glpat-secret-value" not in printed.out + printed.err


def test_gitlab_note_without_a_token_keeps_the_artifact_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _note_module()
    assert module.main([str(tmp_path / "missing.md")], {}) == 0
    assert "GITLAB_NOTE_TOKEN is not set" in capsys.readouterr().out
    assert module.main([], {}) == 1
    assert "usage:" in capsys.readouterr().err


def test_a_failed_merge_request_plan_is_still_posted_then_fails_the_job(
    fake_gitlab: str, tmp_path: Path
) -> None:
    """The job's script, run as GitLab runs it (bash -e), with a ghlsync that fails."""
    import os
    import shutil
    import subprocess

    (tmp_path / "ci").mkdir()
    shutil.copy(GITLAB.with_name("gitlab_mr_note.py"), tmp_path / "ci")
    fake = tmp_path / "bin" / "ghlsync"
    fake.parent.mkdir()
    failure = "echo 'Error: no API token: set GHL_TOKEN_PRODUCTION_READ' >&2"
    fake.write_text(f"#!/bin/sh\n{failure}\nexit 1\n")
    fake.chmod(0o755)
    script = "\n".join(["set -eo pipefail", *_load(GITLAB)["plan:merge_request"]["script"]])
    environ = {
        "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
        "CI_API_V4_URL": fake_gitlab,
        "CI_PROJECT_ID": "group/project",
        "CI_MERGE_REQUEST_IID": "12",
        "GITLAB_NOTE_TOKEN": "glpat-secret-value",
    }
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=environ,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    posted = _FakeGitLab.notes[-1]
    assert posted["author"] == {"id": BOT_USER}
    assert posted["body"].startswith("<!-- ghlsync-plan -->\n**ghlsync plan failed**")
    assert "no API token" in posted["body"]
