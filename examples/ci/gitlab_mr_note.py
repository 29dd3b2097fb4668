"""Post a ghlsync plan as ONE merge-request note, updating it on later pipelines.

Usage in a merge-request pipeline job: ``python3 ci/gitlab_mr_note.py plan.md``.
Needs GITLAB_NOTE_TOKEN (a project access token with the ``api`` scope); without it the
script says so and exits 0, leaving the plan as a job artifact only. Uses only the standard
library, so it runs in the plain ``python`` image next to ghlsync. Never prints the token.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

MARKER = "<!-- ghlsync-plan -->"
TOKEN_VARIABLE = "GITLAB_NOTE_TOKEN"


def note_body(plan_markdown: str) -> str:
    """The note text: the hidden marker that finds it again, then the plan."""
    return f"{MARKER}\n{plan_markdown}"


def previous_note_id(notes: Iterable[Mapping[str, Any]], author_id: int) -> int | None:
    """The id of the note this script posted before, if any: written by the token's own user
    (``author_id``) AND starting with the marker. Anyone can post the marker."""
    for note in notes:
        author = note.get("author")
        mine = isinstance(author, Mapping) and author.get("id") == author_id
        if mine and str(note.get("body", "")).startswith(MARKER):
            return int(note["id"])
    return None


class MergeRequestNotes:
    """The notes of one merge request, through GitLab's REST API v4."""

    def __init__(self, environ: Mapping[str, str], token: str) -> None:
        project = urllib.parse.quote(environ["CI_PROJECT_ID"], safe="")
        self._user = f"{environ['CI_API_V4_URL']}/user"
        self._base = (
            f"{environ['CI_API_V4_URL']}/projects/{project}"
            f"/merge_requests/{environ['CI_MERGE_REQUEST_IID']}/notes"
        )
        self._token = token

    def _call(self, method: str, url: str, body: str | None = None) -> Any:
        data = None if body is None else urllib.parse.urlencode({"body": body}).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("PRIVATE-TOKEN", self._token)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def all(self) -> list[Mapping[str, Any]]:
        notes: list[Mapping[str, Any]] = []
        for page in range(1, 100):
            batch = self._call("GET", f"{self._base}?per_page=100&page={page}")
            notes += batch
            if len(batch) < 100:
                break
        return notes

    def token_user_id(self) -> int:
        """The id of the user the token acts as (a project access token's bot user)."""
        return int(self._call("GET", self._user)["id"])

    def post_or_update(self, body: str) -> str:
        note_id = previous_note_id(self.all(), self.token_user_id())
        if note_id is None:
            self._call("POST", self._base, body)
            return "posted the plan note"
        self._call("PUT", f"{self._base}/{note_id}", body)
        return f"updated plan note {note_id}"


def main(argv: list[str], environ: Mapping[str, str] = os.environ) -> int:
    if len(argv) != 1:
        print("usage: gitlab_mr_note.py PLAN.md", file=sys.stderr)
        return 1
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        print(f"{TOKEN_VARIABLE} is not set: the plan is kept as an artifact only")
        return 0
    body = note_body(Path(argv[0]).read_text(encoding="utf-8"))
    print(MergeRequestNotes(environ, token).post_or_update(body))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
