"""A fake GitHub REST API on 127.0.0.1, strict where GitHub is strict.

Every request body is validated against GitHub's published schema (tests/contracts/github/
request_bodies.json); a review comment off the diff's hunks gets GitHub's 422 and nothing of the
review is kept; `fork = True` answers every write with the 403 a fork's read-only token gets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema

from tests.loopback import Call, serve_json

_REPO = r"/repos/([^/]+/[^/]+)"
# (path pattern, the operation's key in request_bodies.json) for each write we serve.
ROUTES = {
    "POST": [
        (_REPO + r"/pulls/(\d+)/reviews", "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
        (
            _REPO + r"/issues/(\d+)/comments",
            "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
        ),
    ],
    "PATCH": [
        (
            _REPO + r"/issues/comments/(\d+)",
            "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
        ),
    ],
}


@dataclass
class FakeGitHub:
    schemas: dict[str, Any]
    token: str
    # path -> new-side line ranges of the pull request's diff (as `git diff -U3` shows them)
    diff: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    fork: bool = False
    page_size: int = 2  # small, so that pagination is exercised
    calls: list[Call] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    issue_comments: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # bodies that failed the schema
    rate_limit_once: bool = False
    # The headers of that one refusal: a secondary limit's Retry-After, by default.
    rate_limit_headers: dict[str, str] = field(default_factory=lambda: {"Retry-After": "0"})

    def __post_init__(self) -> None:
        self._next_id = 1000
        self._server = serve_json(self)

    @classmethod
    def from_refdata(cls, refdata: Path, token: str) -> FakeGitHub:
        return cls(json.loads(refdata.read_text()), token)

    @property
    def url(self) -> str:
        return f"{self._server.origin}"

    def close(self) -> None:
        self._server.close()

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"message": "Bad credentials"}, {}
        if self.rate_limit_once:
            self.rate_limit_once = False
            return (
                403,
                {"message": "You have exceeded a secondary rate limit"},
                self.rate_limit_headers,
            )
        url = urlsplit(target)
        if method == "GET":
            return self._list(url.path, parse_qs(url.query))
        for pattern, operation in ROUTES.get(method, []):
            match = re.fullmatch(pattern, url.path)
            if match is None:
                continue
            errors = sorted(
                jsonschema.Draft7Validator(self.schemas[operation]["schema"]).iter_errors(body),
                key=str,
            )
            if errors:
                self.invalid.append(f"{operation}: {errors[0].message}")
                return 422, {"message": "Invalid request", "errors": [errors[0].message]}, {}
            if self.fork:
                return 403, {"message": "Resource not accessible by integration"}, {}
            return self._write(operation, match.groups(), body)
        return 404, {"message": "Not Found"}, {}

    def _list(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        if re.fullmatch(r"/repos/[^/]+/[^/]+/pulls/\d+/comments", path):
            items = self.review_comments
        elif re.fullmatch(r"/repos/[^/]+/[^/]+/issues/\d+/comments", path):
            items = self.issue_comments
        else:
            return 404, {"message": "Not Found"}, {}
        page = int(query.get("page", ["1"])[0])
        size = self.page_size
        chunk = items[(page - 1) * size : page * size]
        links = {}
        if page * size < len(items):
            links["Link"] = f'<{self.url}{path}?page={page + 1}>; rel="next"'
        return 200, chunk, links

    def _write(
        self, operation: str, ids: tuple[str, ...], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        if operation.endswith("/reviews"):
            for comment in body.get("comments", []):
                problem = self._off_diff(comment)
                if problem:
                    # GitHub refuses the whole review: no comment of it is kept.
                    return 422, {"message": "Unprocessable Entity", "errors": [problem]}, {}
            review = {"id": self.new_id(), "body": body.get("body"), "event": body.get("event")}
            self.reviews.append(review)
            for comment in body.get("comments", []):
                self.review_comments.append({"id": self.new_id(), **comment})
            return 200, review, {}
        if operation.startswith("POST"):
            comment = {"id": self.new_id(), "body": body["body"]}
            self.issue_comments.append(comment)
            return 201, comment, {}
        comment_id = int(ids[1])
        for comment in self.issue_comments:
            if comment["id"] == comment_id:
                comment["body"] = body["body"]
                return 200, comment, {}
        return 404, {"message": "Not Found"}, {}

    def _off_diff(self, comment: dict[str, Any]) -> str | None:
        ranges = self.diff.get(comment["path"])
        if ranges is None:
            return f"Path {comment['path']} is not part of the diff"
        if comment.get("side", "RIGHT") != "RIGHT":
            return "Only RIGHT-side comments are expected"

        def hunk(line: int) -> tuple[int, int] | None:
            return next((r for r in ranges if r[0] <= line <= r[1]), None)

        if hunk(comment["line"]) is None:
            return "Line could not be resolved"
        start = comment.get("start_line")
        if start is not None and (start >= comment["line"] or hunk(start) != hunk(comment["line"])):
            return "start_line must precede line in the same hunk"
        return None
