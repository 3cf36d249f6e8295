"""Where a run in GitHub Actions is: the API, the repository, the pull request, the files the
runner reads back (job summary, step outputs). Read from the variables the runner sets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reviewer.errors import UsageError


@dataclass(frozen=True)
class GitHubContext:
    api_url: str
    server_url: str
    repository: str
    token: str | None
    pr_number: int | None = None
    head_sha: str | None = None
    step_summary: Path | None = None
    output: Path | None = None
    graphql_url: str = ""  # the runner's GITHUB_GRAPHQL_URL (GitHub Enterprise has its own)

    def link(self, path: str, line: int, end_line: int) -> str:
        """The lines of a file at the pull request's head, on GitHub."""
        span = f"L{line}" if end_line == line else f"L{line}-L{end_line}"
        ref = self.head_sha or "HEAD"
        return f"{self.server_url}/{self.repository}/blob/{ref}/{quote(path)}#{span}"


def _event(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the event payload GITHUB_EVENT_PATH={path}: {exc}") from None
    return data if isinstance(data, dict) else {}


def github_context(env: Mapping[str, str]) -> GitHubContext | None:
    """The context of a GitHub Actions run, or None elsewhere."""
    if env.get("GITHUB_ACTIONS") != "true" or not env.get("GITHUB_REPOSITORY"):
        return None
    event = _event(env.get("GITHUB_EVENT_PATH"))
    pull: dict[str, Any] = event.get("pull_request") or {}
    head: dict[str, Any] = pull.get("head") or {}
    number = pull.get("number") or event.get("number")
    issue: dict[str, Any] = event.get("issue") or {}
    if number is None and issue.get("pull_request"):
        # An issue_comment event (/review): the action found the pull request's head.
        number = issue.get("number")
        head = {"sha": env.get("REVIEWER_PR_HEAD") or None}
    return GitHubContext(
        api_url=env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/"),
        server_url=env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/"),
        repository=env["GITHUB_REPOSITORY"],
        token=env.get("GITHUB_TOKEN") or None,
        pr_number=int(number) if isinstance(number, int) else None,
        head_sha=head.get("sha"),
        step_summary=Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None,
        output=Path(env["GITHUB_OUTPUT"]) if env.get("GITHUB_OUTPUT") else None,
        graphql_url=env.get("GITHUB_GRAPHQL_URL", "").rstrip("/"),
    )
