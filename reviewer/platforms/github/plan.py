"""The shared plan (platforms/plan.py) as GitHub takes it: one review whose comments sit on the
new side of the diff's hunks (`start_line` only within the same hunk), and a summary comment.
GitHub's hunks are our diff's, with git's 3 lines of context. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reviewer.i18n import _
from reviewer.platforms import plan as shared
from reviewer.platforms.followup import FollowUp
from reviewer.platforms.plan import (
    SUMMARY_MARKER,
    Inline,
    PostPlan,
    Venue,
    place,
    posted_fingerprints,
)
from reviewer.render.markdown import COMMENT_LIMIT
from reviewer.render.text import count_of
from reviewer.result import Finding, Linker, ReviewResult

__all__ = ["SUMMARY_MARKER", "place", "posted_fingerprints"]

# https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/reviewing-changes-in-pull-requests/commenting-on-a-pull-request#adding-line-comments-to-a-pull-request
GITHUB = Venue("GitHub", COMMENT_LIMIT, "the job summary", suggestion="suggestion")


def inline_body(item: Inline) -> str:
    return shared.inline_body(item, GITHUB)


@dataclass
class ReviewPlan:
    comments: list[dict[str, Any]] = field(default_factory=list)
    post: PostPlan = field(default_factory=PostPlan)

    @property
    def unplaced(self) -> list[Finding]:
        return self.post.unplaced

    @property
    def repeated(self) -> int:
        return self.post.repeated


def review_comments(post: PostPlan) -> ReviewPlan:
    comments = []
    for item in post.inline:
        comment: dict[str, Any] = {
            "path": item.finding.path,
            "line": item.line,
            "side": "RIGHT",
            "body": inline_body(item),
        }
        if item.start_line is not None:
            comment.update(start_line=item.start_line, start_side="RIGHT")
        comments.append(comment)
    return ReviewPlan(comments, post)


def plan_review(result: ReviewResult, posted: set[str]) -> ReviewPlan:
    ranges = {review.path: review.hunk_ranges for review in result.files}
    return review_comments(shared.plan_post(result, posted, ranges))


def review_request(plan: ReviewPlan, commit: str | None) -> dict[str, Any]:
    count = len(plan.comments)
    body = count_of(count, "reviewer: {count} new finding on the changed lines.",
                    "reviewer: {count} new findings on the changed lines.")  # fmt: skip
    if plan.unplaced:
        more = _("{count} more, off the diff, are in the summary comment.")
        body += " " + more.format(count=len(plan.unplaced))
    request: dict[str, Any] = {"event": "COMMENT", "body": body, "comments": plan.comments}
    if commit:
        request["commit_id"] = commit
    return request


def summary_body(
    result: ReviewResult, plan: ReviewPlan, link: Linker | None, follow: FollowUp | None = None
) -> str:
    return shared.summary_body(result, plan.post, link, GITHUB, follow)
