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
from graphql import GraphQLError

from tests.fakegraphql import execute, forbidden, page
from tests.loopback import Call, serve_json

_REPO = r"/repos/([^/]+/[^/]+)"
# Not in the published request bodies copied here: the body of "Create reaction for an issue
# comment", from https://docs.github.com/en/rest/reactions/reactions#create-reaction-for-an-issue-comment
REACTION = {
    "type": "object",
    "required": ["content"],
    "properties": {
        "content": {"enum": ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]}
    },
    "additionalProperties": False,
}
# (path pattern, the operation's key in request_bodies.json) for each write we serve.
ROUTES = {
    "POST": [
        (_REPO + r"/pulls/(\d+)/reviews", "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
        (
            _REPO + r"/issues/(\d+)/comments",
            "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
        ),
        (
            _REPO + r"/pulls/(\d+)/comments/(\d+)/replies",
            "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
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
    resolved: set[str] = field(default_factory=set)  # ids of the review threads resolved
    # number -> the pull request as `GET /repos/{owner}/{repo}/pulls/{pull_number}` shows it
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    reactions: list[tuple[int, str]] = field(default_factory=list)  # (comment id, content)
    graphql_errors: list[str] = field(default_factory=list)

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
        if method == "POST" and url.path == "/graphql":
            return 200, self._graphql(body), {}
        reaction = re.fullmatch(_REPO + r"/issues/comments/(\d+)/reactions", url.path)
        if method == "POST" and reaction is not None:
            errors = list(jsonschema.Draft7Validator(REACTION).iter_errors(body))
            if errors:
                self.invalid.append(f"reactions: {errors[0].message}")
                return 422, {"message": "Validation Failed"}, {}
            self.reactions.append((int(reaction.group(2)), body["content"]))
            return 201, {"id": self.new_id(), "content": body["content"]}, {}
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
        pull = re.fullmatch(r"/repos/[^/]+/[^/]+/pulls/(\d+)", path)
        if pull is not None:
            found = self.pulls.get(int(pull.group(1)))
            return (200, found, {}) if found else (404, {"message": "Not Found"}, {})
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
        if operation.endswith("/replies"):
            return self._reply(int(ids[2]), body["body"], "reviewer[bot]")
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

    def _reply(self, to: int, body: str, login: str) -> tuple[int, Any, dict[str, str]]:
        """A reply joins the thread of the comment it answers (GitHub threads replies to the
        thread's first comment)."""
        first = next((c for c in self.review_comments if c["id"] == to), None)
        if first is None or "in_reply_to_id" in first:
            return 404, {"message": "Not Found"}, {}
        reply = {"id": self.new_id(), "body": body, "in_reply_to_id": to, "path": first["path"],
                 "user": {"login": login}}  # fmt: skip
        self.review_comments.append(reply)
        return 201, reply, {}

    def human_reply(self, to: int, body: str) -> None:
        self._reply(to, body, "octocat")

    def threads(self) -> list[dict[str, Any]]:
        """The review threads as GraphQL shows them: one per top-level comment."""
        found = []
        for first in (c for c in self.review_comments if "in_reply_to_id" not in c):
            comments = [first] + [c for c in self.review_comments
                                  if c.get("in_reply_to_id") == first["id"]]  # fmt: skip
            nodes = [{"id": f"PRRC_{c['id']}", "databaseId": c["id"], "body": c["body"],
                      "path": first["path"], "author": {
                          "__typename": "User" if c.get("user", {}).get("login") == "octocat"
                          else "Bot", "login": c.get("user", {}).get("login", "reviewer[bot]")}}
                     for c in comments]  # fmt: skip
            thread_id = f"PRRT_{first['id']}"
            found.append({
                "id": thread_id, "isResolved": thread_id in self.resolved, "isOutdated": False,
                "path": first["path"], "line": first.get("line"),
                "comments": lambda info, nodes=nodes, **kw: page(nodes, **kw),
            })  # fmt: skip
        return found

    def _graphql(self, body: Any) -> dict[str, Any]:
        def resolve(info: Any, input: dict[str, Any]) -> dict[str, Any]:
            if self.fork:
                raise forbidden("Resource not accessible by integration")
            thread = next((t for t in self.threads() if t["id"] == input["threadId"]), None)
            if thread is None:
                raise GraphQLError(f"Could not resolve to a node with the global id of "
                                   f"'{input['threadId']}'")  # fmt: skip
            self.resolved.add(thread["id"])
            return {"thread": {**thread, "isResolved": True}}

        def pull(info: Any, number: int) -> dict[str, Any]:
            return {"id": "PR_1", "number": number,
                    "reviewThreads": lambda info, **kw: page(self.threads(), **kw)}  # fmt: skip

        root = {
            "repository": lambda info, owner, name, **_: {"id": "R_1", "name": name,
                                                          "pullRequest": pull},
            "resolveReviewThread": resolve,
        }  # fmt: skip
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return {"errors": [{"message": "A query attribute must be specified"}]}
        answer = execute(body["query"], body.get("variables"), root)
        self.graphql_errors += [e["message"] for e in answer.get("errors", [])]
        return answer

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
