"""What goes to the pull request, decided before any request is made. Pure.

Inline comments only where GitHub accepts them (a line inside the diff's hunks, on the new side;
`start_line` only within the same hunk), each carrying its finding's fingerprint so that a later
run does not post it again. Findings that cannot be placed are left to the summary comment, which
is one per pull request, found again by its marker and edited in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reviewer.render.markdown import COMMENT_LIMIT, cell, fit, render_markdown
from reviewer.render.safe import for_markdown
from reviewer.result import Finding, Linker, ReviewResult, fingerprint

SUMMARY_MARKER = "<!-- reviewer:summary -->"
_FINGERPRINT = re.compile(r"<!-- reviewer:fp=([0-9a-f]{8,64}) -->")


def posted_fingerprints(bodies: Iterable[str]) -> set[str]:
    return {match for body in bodies for match in _FINGERPRINT.findall(body or "")}


def place(finding: Finding, ranges: Sequence[tuple[int, int]]) -> tuple[int, int | None] | None:
    """(line, start_line) for a review comment, or None when no line of it is on the diff."""

    def hunk(line: int) -> tuple[int, int] | None:
        return next((r for r in ranges if r[0] <= line <= r[1]), None)

    first, last = hunk(finding.line), hunk(finding.end_line)
    if first is not None and first == last and finding.end_line != finding.line:
        return finding.end_line, finding.line
    if first is not None:
        return finding.line, None
    if last is not None:
        return finding.end_line, None
    return None


def inline_body(finding: Finding) -> str:
    text = f"**{finding.severity}** [{finding.category}] **{cell(finding.title)}**\n\n"
    text += for_markdown(finding.message.strip())
    if finding.suggestion:
        text += f"\n\n**Suggestion:** {for_markdown(finding.suggestion.strip())}"
    marker = f"\n\n<!-- reviewer:fp={fingerprint(finding)} -->"
    return fit(text, COMMENT_LIMIT - len(marker), "Cut to fit GitHub's comment limit.") + marker


@dataclass
class ReviewPlan:
    comments: list[dict[str, Any]] = field(default_factory=list)
    placed: list[Finding] = field(default_factory=list)  # the findings of `comments`
    unplaced: list[Finding] = field(default_factory=list)
    repeated: int = 0  # findings already posted by an earlier run


def plan_review(result: ReviewResult, posted: set[str]) -> ReviewPlan:
    ranges = {review.path: review.hunk_ranges for review in result.files}
    plan = ReviewPlan()
    for finding in result.findings:
        if fingerprint(finding) in posted:
            plan.repeated += 1
            continue
        spot = place(finding, ranges.get(finding.path, ()))
        if spot is None:
            plan.unplaced.append(finding)
            continue
        line, start = spot
        comment: dict[str, Any] = {
            "path": finding.path,
            "line": line,
            "side": "RIGHT",
            "body": inline_body(finding),
        }
        if start is not None:
            comment.update(start_line=start, start_side="RIGHT")
        plan.comments.append(comment)
        plan.placed.append(finding)
    return plan


def review_request(plan: ReviewPlan, commit: str | None) -> dict[str, Any]:
    count = len(plan.comments)
    body = f"reviewer: {count} new finding{'s' if count != 1 else ''} on the changed lines."
    if plan.unplaced:
        body += f" {len(plan.unplaced)} more, off the diff, are in the summary comment."
    request: dict[str, Any] = {"event": "COMMENT", "body": body, "comments": plan.comments}
    if commit:
        request["commit_id"] = commit
    return request


def summary_body(result: ReviewResult, plan: ReviewPlan, link: Linker | None) -> str:
    text = render_markdown(result, link=link, title=f"{SUMMARY_MARKER}\n## reviewer")
    notes = []
    if plan.unplaced:
        notes.append(
            f"{len(plan.unplaced)} finding{'s are' if len(plan.unplaced) != 1 else ' is'} "
            "not on the diff's lines, so only listed here."
        )
    if plan.repeated:
        notes.append(f"{plan.repeated} already commented on by an earlier run.")
    if notes:
        text += "\n" + " ".join(notes) + "\n"
    return fit(text, COMMENT_LIMIT, "Cut to fit GitHub's comment limit: see the job summary.")
