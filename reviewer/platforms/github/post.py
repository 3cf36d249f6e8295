"""Posting a review to the pull request. Nothing here changes the exit code: posting that fails
(a fork's read-only token, a missing `pull-requests: write`, an outage) becomes a warning, and
the findings still reach the annotations and the job summary."""

from __future__ import annotations

from typing import Any

from reviewer.platforms.followup import Earlier, FollowUp, read_state
from reviewer.platforms.github.api import GitHubAPI, GitHubError
from reviewer.platforms.github.context import GitHubContext
from reviewer.platforms.github.plan import (
    SUMMARY_MARKER,
    ReviewPlan,
    plan_review,
    posted_fingerprints,
    review_comments,
    review_request,
    summary_body,
)
from reviewer.result import ReviewResult

DENIED = (
    "a pull request from a fork gets a read-only token, or the workflow lacks "
    "`permissions: pull-requests: write`"
)


def _summary(comments: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((c for c in comments if SUMMARY_MARKER in (c.get("body") or "")), None)


def earlier(ctx: GitHubContext, api: GitHubAPI) -> Earlier | None:
    """What the last review of this pull request recorded in its summary comment."""
    ours = _summary(api.paginate(f"/repos/{ctx.repository}/issues/{ctx.pr_number}/comments"))
    return read_state(str(ours.get("body") or "")) if ours is not None else None


def publish(
    result: ReviewResult, ctx: GitHubContext, api: GitHubAPI, follow: FollowUp | None = None
) -> list[str]:
    """Post the review, resolve the threads of fixed findings, and write the summary comment;
    return the warnings to show."""
    repo, number = ctx.repository, ctx.pr_number
    warnings: list[str] = []
    try:
        existing = api.paginate(f"/repos/{repo}/pulls/{number}/comments")
        plan = plan_review(result, posted_fingerprints(c.get("body", "") for c in existing))
        if plan.comments:
            try:
                api.request("POST", f"/repos/{repo}/pulls/{number}/reviews",
                            review_request(plan, ctx.head_sha))  # fmt: skip
            except GitHubError as exc:
                if exc.status != 422:
                    raise
                # GitHub refuses the whole review for one bad line: keep the summary at least.
                warnings.append(f"GitHub refused the inline comments ({exc}); see the summary")
                plan = review_comments(plan.post.refused(plan.post.inline))
        if follow is not None:
            plan.post.resolved = _resolve(api, ctx, follow, warnings)
        _upsert_summary(result, ctx, api, plan, follow)
    except GitHubError as exc:
        why = f"; {DENIED}" if exc.status in (403, 404) else ""
        warnings.append(
            f"could not post to pull request #{number} ({exc}){why}; the findings are in the "
            "annotations and the job summary"
        )
    return warnings


def _resolve(api: GitHubAPI, ctx: GitHubContext, follow: FollowUp, warnings: list[str]) -> int:
    """The threads of fixed findings resolved (a failure is a warning: the review stands)."""
    from reviewer.platforms.github.threads import resolve_fixed

    try:
        return resolve_fixed(api, ctx, follow)
    except GitHubError as exc:
        why = f"; {DENIED}" if exc.status in (403, 404) else ""
        warnings.append(f"could not resolve the threads of fixed findings ({exc}){why}")
        return 0


def _upsert_summary(
    result: ReviewResult,
    ctx: GitHubContext,
    api: GitHubAPI,
    plan: ReviewPlan,
    follow: FollowUp | None,
) -> None:
    """One summary comment per pull request: edited in place when an earlier run left one."""
    repo, number = ctx.repository, ctx.pr_number
    body = summary_body(result, plan, ctx.link, follow)
    ours = _summary(api.paginate(f"/repos/{repo}/issues/{number}/comments"))
    if ours is None:
        api.request("POST", f"/repos/{repo}/issues/{number}/comments", {"body": body})
    else:
        api.request("PATCH", f"/repos/{repo}/issues/comments/{ours['id']}", {"body": body})
