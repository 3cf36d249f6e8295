"""Which pull request the action reviews, and whether it reviews at all: a `pull_request` event
names its own; an `issue_comment` event reviews the pull request commented on when the comment
is the command `/review` (or `/review full`) from someone with write access to the repository
(the owner, a member or a collaborator: a review spends the repository's model budget, and
such workflows run with its secrets). The action's first step runs this module and reads its
step outputs: `run`, `number`, `base`, `head`, `full`.

Payloads: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

COMMAND = re.compile(r"/review(?:\s+(full))?")
TRUSTED = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


@dataclass(frozen=True)
class Request:
    """A `/review` comment on a pull request."""

    number: int
    comment_id: int
    full: bool


def review_request(event: Mapping[str, Any]) -> Request | str:
    """The request an issue_comment event makes, or why it makes none (said in the log)."""
    issue, comment = event.get("issue") or {}, event.get("comment") or {}
    first = next((line.strip() for line in str(comment.get("body") or "").splitlines()
                  if line.strip()), "")  # fmt: skip
    command = COMMAND.fullmatch(first)
    if event.get("action") != "created" or command is None:
        return "the comment is not /review"
    if not issue.get("pull_request"):
        return "/review works on pull requests, and this is an issue"
    if comment.get("author_association") not in TRUSTED:
        who = (comment.get("user") or {}).get("login", "the commenter")
        return f"{who} has no write access to the repository; /review is not run for them"
    return Request(int(issue["number"]), int(comment["id"]), command.group(1) == "full")


def _outputs(out: TextIO, **values: object) -> None:
    for name, value in values.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        out.write(f"{name}={text}\n")


def resolve(env: Mapping[str, str], out: TextIO, log: TextIO) -> int:
    """Write the step outputs for this event; the exit code of the step."""
    name = env.get("GITHUB_EVENT_NAME", "")
    event: dict[str, Any] = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text("utf-8"))
    if name in ("pull_request", "pull_request_target"):
        pull = event["pull_request"]
        _outputs(out, run=True, number=pull["number"], base=pull["base"]["sha"],
                 head=pull["head"]["sha"], full=False)  # fmt: skip
        return 0
    if name != "issue_comment":
        log.write("::error::reviewer reviews pull requests: run it on pull_request events, or on "
                  "issue_comment events for /review\n")  # fmt: skip
        return 2
    request = review_request(event)
    if isinstance(request, str):
        log.write(f"::notice::Nothing to review: {request}.\n")
        _outputs(out, run=False)
        return 0
    from reviewer.platforms.github.api import GitHubAPI, GitHubError

    repo = env["GITHUB_REPOSITORY"]
    log.write(f"::add-mask::{env['GITHUB_TOKEN']}\n")
    api = GitHubAPI(env.get("GITHUB_API_URL", "https://api.github.com"), env["GITHUB_TOKEN"])
    try:
        pull = api.request("GET", f"/repos/{repo}/pulls/{request.number}").json()
        # 👀: the request is seen (as people and other bots acknowledge a command).
        api.request("POST", f"/repos/{repo}/issues/comments/{request.comment_id}/reactions",
                    {"content": "eyes"})  # fmt: skip
    except GitHubError as exc:
        log.write(f"::error::cannot read pull request #{request.number}: {exc}\n")
        return 2
    finally:
        api.close()
    if pull.get("state") != "open":
        log.write(f"::notice::Nothing to review: pull request #{request.number} is closed.\n")
        _outputs(out, run=False)
        return 0
    _outputs(out, run=True, number=request.number, base=pull["base"]["sha"],
             head=pull["head"]["sha"], full=request.full)  # fmt: skip
    return 0


def main() -> None:
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
        sys.exit(resolve(os.environ, out, sys.stdout))


if __name__ == "__main__":
    main()
