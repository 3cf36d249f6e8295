"""A fake GitLab REST API (v4) on 127.0.0.1, strict where GitLab is strict.

Written from GitLab's documentation:
- authentication by `PRIVATE-TOKEN` or `JOB-TOKEN`, 401 for an unknown token
  (https://docs.gitlab.com/api/rest/authentication/); a job token may not write notes
  (https://docs.gitlab.com/ci/jobs/ci_job_token/), answered here with 403;
- a project named by its id or its URL-encoded path (https://docs.gitlab.com/api/rest/
  #namespaced-paths);
- merge request diff versions, newest first, and one version with its `diffs`
  (https://docs.gitlab.com/api/merge_requests/#get-merge-request-diff-versions); the latest
  diffs, paginated (https://docs.gitlab.com/api/merge_requests/#list-merge-request-diffs, 15.7)
  and the older changes (https://docs.gitlab.com/api/merge_requests/
  #retrieve-merge-request-changes, deprecated in 15.7);
- discussions on the diff: the body validated against DISCUSSION (the parameters of "Create a
  new thread in the merge request diff", https://docs.gitlab.com/api/discussions/
  #create-a-new-thread-in-the-merge-request-diff), the position checked against the version's
  diff with the line rules and line codes documented there; a position GitLab cannot place gets
  its `400 Bad request - Note {:line_code=>["can't be blank", "must be a valid line code"]}`;
- notes: create, list, edit (https://docs.gitlab.com/api/notes/#merge-requests), bodies up to
  1,000,000 characters;
- a note added to a thread, and a thread resolved (https://docs.gitlab.com/api/discussions/
  #add-note-to-existing-merge-request-thread, .../discussions/#resolve-a-merge-request-thread),
  `resolved` required;
- offset pagination with `Link` and `X-Next-Page` (https://docs.gitlab.com/api/rest/#pagination);
- a 429 with `Retry-After` and `RateLimit-*` (https://docs.gitlab.com/administration/settings/
  user_and_ip_rate_limits/#response-headers).

The merge request's diff is made from a real repository with `git diff`, as GitLab makes it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema

from tests.loopback import Call, serve_json

_POINT = {
    "type": "object",
    "required": ["line_code", "type"],
    "properties": {
        "line_code": {"type": "string", "pattern": "^[0-9a-f]{40}_\\d+_\\d+$"},
        "type": {"enum": ["new", "old"]},
        "old_line": {"type": "integer", "minimum": 0},
        "new_line": {"type": "integer", "minimum": 0},
    },
    "additionalProperties": False,
}
DISCUSSION = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["body"],
    "properties": {
        "body": {"type": "string", "minLength": 1},
        "commit_id": {"type": "string"},
        "position": {
            "type": "object",
            "required": [
                "position_type",
                "base_sha",
                "start_sha",
                "head_sha",
                "old_path",
                "new_path",
            ],
            "properties": {
                "position_type": {"enum": ["text", "image", "file"]},
                "base_sha": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
                "start_sha": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
                "head_sha": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
                "old_path": {"type": "string", "minLength": 1},
                "new_path": {"type": "string", "minLength": 1},
                "new_line": {"type": "integer", "minimum": 1},
                "old_line": {"type": "integer", "minimum": 1},
                "line_range": {
                    "type": "object",
                    "required": ["start", "end"],
                    "properties": {"start": _POINT, "end": _POINT},
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
NOTE = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["body"],
    "properties": {"body": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}
RESOLVE = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["resolved"],
    "properties": {"resolved": {"type": "boolean"}},
    "additionalProperties": False,
}
NOTE_LIMIT = 1_000_000
CANNOT_PLACE = (
    '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}'
)
_MR = r"/api/v4/projects/([^/]+)/merge_requests/(\d+)"


@dataclass(frozen=True)
class Line:
    """A line of the diff: old_line/new_line as a position names it, and its line code."""

    old_line: int | None
    new_line: int | None
    code: str
    added: bool


def diff_lines(path: str, hunks: str) -> list[Line]:
    """The lines GitLab takes positions on, counted as its diff parser counts them."""
    digest = hashlib.sha1(path.encode()).hexdigest()
    lines: list[Line] = []
    old = new = 0
    for text in hunks.splitlines():
        header = re.match(r"@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@", text)
        if header:
            old, new = int(header.group(1)), int(header.group(2))
        elif text.startswith("+"):
            lines.append(Line(None, new, f"{digest}_{old}_{new}", True))
            new += 1
        elif text.startswith("-"):
            lines.append(Line(old, None, f"{digest}_{old}_{new}", False))
            old += 1
        elif text.startswith(" "):
            lines.append(Line(old, new, f"{digest}_{old}_{new}", False))
            old, new = old + 1, new + 1
    return lines


def version_diffs(repo: Path, base: str, head: str) -> list[dict[str, Any]]:
    """`diffs` of a merge request version, from `git diff base...head` as GitLab runs it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                              check=True).stdout  # fmt: skip

    entries = []
    for row in git("diff", "--name-status", "-M", f"{base}...{head}").splitlines():
        status, *paths = row.split("\t")
        old_path, new_path = paths[0], paths[-1]
        patch = git("diff", "-U3", "-M", f"{base}...{head}", "--", *dict.fromkeys(paths))
        hunks = patch[patch.find("@@") :] if "@@" in patch else ""
        entries.append({
            "old_path": old_path, "new_path": new_path, "a_mode": "100644", "b_mode": "100644",
            "diff": hunks, "new_file": status == "A", "renamed_file": status.startswith("R"),
            "deleted_file": status == "D", "generated_file": False,
        })  # fmt: skip
    return entries


@dataclass
class FakeGitLab:
    token: str
    project_id: int = 42
    project_path: str = "group/sub/app"
    mr_iid: int = 7
    job_token: str = "job-token-0123"
    read_only_tokens: set[str] = field(default_factory=set)  # their writes get 403
    # Tokens with the Reporter role: they comment, but resolving a thread takes Developer
    # (https://gitlab.com/gitlab-org/gitlab/-/issues/358082), so they get 403 for it.
    reporter_tokens: set[str] = field(default_factory=set)
    versions: list[dict[str, Any]] = field(default_factory=list)  # newest first, with diffs
    page_size: int = 2  # small, so that pagination is exercised
    calls: list[Call] = field(default_factory=list)
    discussions: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # bodies that failed the schema
    refused: list[dict[str, Any]] = field(default_factory=list)  # positions answered with 400
    rate_limit_once: bool = False
    single_versions: bool = True  # False: GET .../versions/:id answers 404
    link_header: bool = True  # False: the next page is named by X-Next-Page alone
    # Lines GitLab refuses though its diff shows them, as after a push it has not yet processed.
    refuse_new_lines: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._ids = itertools.count(5000)
        self._server = serve_json(self)

    @property
    def url(self) -> str:
        return f"{self._server.origin}/api/v4"

    def close(self) -> None:
        self._server.close()

    def add_version(self, repo: Path, base: str, head: str, start: str | None = None) -> None:
        """A new push to the merge request: its version goes first."""
        self.versions.insert(0, {
            "id": next(self._ids), "head_commit_sha": head, "base_commit_sha": base,
            "start_commit_sha": start or base, "created_at": "2026-11-23T10:00:00.000Z",
            "merge_request_id": 900, "state": "collected", "real_size": "1",
            "diffs": version_diffs(repo, base, head),
        })  # fmt: skip

    # What the tests read.
    def notes(self, *, diff: bool) -> list[dict[str, Any]]:
        kind = "DiffNote" if diff else None
        return [n for d in self.discussions for n in d["notes"] if n["type"] == kind]

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        if self.rate_limit_once:
            self.rate_limit_once = False
            return 429, {"message": "Retry later"}, {
                "Retry-After": "1", "RateLimit-Limit": "600", "RateLimit-Remaining": "0",
                "RateLimit-Reset": "1700000000",
            }  # fmt: skip
        token = headers.get("private-token")
        if token is None and headers.get("job-token") == self.job_token:
            writer = False
        elif token == self.token or token in self.read_only_tokens:
            writer = token == self.token
        else:
            return 401, {"message": "401 Unauthorized"}, {}
        url = urlsplit(target)
        match = re.match(_MR + r"(/.*)?$", url.path)
        if match is None or unquote(match.group(1)) not in (str(self.project_id),
                                                            self.project_path):  # fmt: skip
            return 404, {"message": "404 Project Not Found"}, {}
        if int(match.group(2)) != self.mr_iid:
            return 404, {"message": "404 Not found"}, {}
        rest, query = match.group(3) or "", parse_qs(url.query)
        if method == "GET":
            return self._read(rest, query, url.path)
        if not writer:
            return 403, {"message": "403 Forbidden"}, {}
        if token in self.reporter_tokens and method == "PUT" and rest.startswith("/discussions/"):
            return 403, {"message": "403 Forbidden"}, {}
        return self._write(method, rest, body)

    def _read(
        self, rest: str, query: dict[str, list[str]], path: str
    ) -> tuple[int, Any, dict[str, str]]:
        if rest == "/versions":
            return (
                200,
                [{k: v for k, v in ver.items() if k != "diffs"} for ver in self.versions],
                {},
            )
        found = re.fullmatch(r"/versions/(\d+)", rest)
        if found and self.single_versions:
            version = next((v for v in self.versions if v["id"] == int(found.group(1))), None)
            return (200, version, {}) if version else (404, {"message": "404 Not found"}, {})
        latest = self.versions[0]["diffs"] if self.versions else []
        if rest == "/changes":
            return 200, {"iid": self.mr_iid, "changes": latest}, {}
        if rest == "/discussions":
            items = self.discussions
        elif rest == "/diffs":
            items = latest
        elif rest == "/notes":
            items = [n for d in self.discussions for n in d["notes"]]
        else:
            return 404, {"message": "404 Not Found"}, {}
        size = min(self.page_size, int(query.get("per_page", ["20"])[0]))
        page = int(query.get("page", ["1"])[0])
        headers = {"X-Page": str(page), "X-Per-Page": str(size), "X-Total": str(len(items))}
        if page * size < len(items):
            origin = self.url.removesuffix("/api/v4")
            headers["X-Next-Page"] = str(page + 1)
            if self.link_header:
                headers["Link"] = f'<{origin}{path}?page={page + 1}&per_page={size}>; rel="next"'
        return 200, items[(page - 1) * size : page * size], headers

    def _write(self, method: str, rest: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        if method == "POST" and rest == "/discussions":
            problem = self._check(DISCUSSION, body) or self._unplaceable(body.get("position"))
            if problem is not None:
                return 400, {"message": problem}, {}
            return 201, self._add("DiffNote", body["body"], body.get("position")), {}
        if method == "POST" and rest == "/notes":
            problem = self._check(NOTE, body)
            if problem is not None:
                return 400, {"message": problem}, {}
            return 201, self._add(None, body["body"], None)["notes"][0], {}
        thread = re.fullmatch(r"/discussions/([0-9a-f]{40})(/notes)?", rest)
        if thread is not None:
            return self._thread(method, thread.group(1), bool(thread.group(2)), body)
        found = re.fullmatch(r"/notes/(\d+)", rest)
        if method == "PUT" and found:
            problem = self._check(NOTE, body)
            if problem is not None:
                return 400, {"message": problem}, {}
            for note in (n for d in self.discussions for n in d["notes"]):
                if note["id"] == int(found.group(1)):
                    note["body"] = body["body"]
                    return 200, note, {}
            return 404, {"message": "404 Not found"}, {}
        return 404, {"message": "404 Not Found"}, {}

    def _thread(
        self, method: str, thread_id: str, notes: bool, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        discussion = next((d for d in self.discussions if d["id"] == thread_id), None)
        if discussion is None:
            return 404, {"message": "404 Not found"}, {}
        if method == "POST" and notes:
            problem = self._check(NOTE, body)
            if problem is not None:
                return 400, {"message": problem}, {}
            return 201, self.reply(thread_id, body["body"], "project_42_bot"), {}
        if method == "PUT" and not notes:
            errors = list(jsonschema.Draft7Validator(RESOLVE).iter_errors(body))
            if errors:
                self.invalid.append(errors[0].message)
                return 400, {"message": f"400 Bad request - {errors[0].message}"}, {}
            if not discussion["notes"][0]["resolvable"]:
                return 400, {"message": "400 Bad request - discussion is not resolvable"}, {}
            for note in discussion["notes"]:
                note["resolved"] = body["resolved"]
            return 200, discussion, {}
        return 404, {"message": "404 Not Found"}, {}

    def reply(self, thread_id: str, body: str, username: str) -> dict[str, Any]:
        """A note added to a thread (by `username`: a person, or the token's bot)."""
        discussion = next(d for d in self.discussions if d["id"] == thread_id)
        first = discussion["notes"][0]
        note = {
            "id": next(self._ids), "type": first["type"], "body": body, "system": False,
            "author": {"id": 2, "username": username}, "position": first["position"],
            "resolvable": first["resolvable"], "resolved": first["resolved"],
        }  # fmt: skip
        discussion["notes"].append(note)
        return note

    def _check(self, schema: dict[str, Any], body: Any) -> str | None:
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(body), key=str)
        if errors:
            self.invalid.append(errors[0].message)
            return f"400 Bad request - {errors[0].message}"
        if len(body["body"]) > NOTE_LIMIT:
            return '400 Bad request - Note {:note=>["is too long (maximum is 1000000 characters)"]}'
        return None

    def _unplaceable(self, position: dict[str, Any] | None) -> str | None:
        """GitLab's refusal of a position its diff has no line for, or None when it has."""
        if position is None:
            return None
        if position.get("new_line") in self.refuse_new_lines:
            self.refused.append(position)
            return CANNOT_PLACE
        version = next((v for v in self.versions
                        if (v["base_commit_sha"], v["start_commit_sha"], v["head_commit_sha"])
                        == (position["base_sha"], position["start_sha"], position["head_sha"])),
                       None)  # fmt: skip
        entry = next((d for d in (version or {}).get("diffs", [])
                      if d["new_path"] == position["new_path"]), None)  # fmt: skip
        if entry is None or entry["old_path"] != position["old_path"]:
            self.refused.append(position)
            return CANNOT_PLACE
        lines = diff_lines(entry["new_path"], entry["diff"])
        wanted = (position.get("old_line"), position.get("new_line"))
        line = next((ln for ln in lines if (ln.old_line, ln.new_line) == wanted), None)
        span = position.get("line_range")
        if span is not None and line is not None:
            codes = [ln.code for ln in lines]
            ends = [span["start"], span["end"]]
            for end in ends:
                at = next((ln for ln in lines if ln.code == end["line_code"]), None)
                if at is None or end["type"] != ("new" if at.added else "old"):
                    line = None
            if line is not None and not (
                codes.index(ends[0]["line_code"]) < codes.index(ends[1]["line_code"])
                and ends[1]["line_code"] == line.code
            ):
                line = None
        if line is None:
            self.refused.append(position)
            return CANNOT_PLACE
        return None

    def _add(self, kind: str | None, body: str, position: Any) -> dict[str, Any]:
        note = {
            "id": next(self._ids), "type": kind, "body": body, "system": False,
            "author": {"id": 1, "username": "project_42_bot"}, "position": position,
            "resolvable": kind is not None, "resolved": False,
        }  # fmt: skip
        discussion = {"id": hashlib.sha1(str(note["id"]).encode()).hexdigest(),
                      "individual_note": kind is None, "notes": [note]}  # fmt: skip
        self.discussions.append(discussion)
        return discussion
