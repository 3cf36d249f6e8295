"""Posting runs that follow a pull or merge request: before the review, which commits to review
(those since the last review it recorded); after it, which earlier findings still stand and
which are fixed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.platforms.detect import Platform
from reviewer.platforms.followup import Earlier, FollowUp
from reviewer.result import ReviewResult
from reviewer.source.history import Span, change_of, follow_span, texts_at
from reviewer.trust.carry import carry


@dataclass(frozen=True)
class Following:
    span: Span
    earlier: Earlier | None

    def after(self, result: ReviewResult, cwd: Path) -> tuple[ReviewResult, FollowUp]:
        """The result with the earlier findings that still stand, and what to tell the
        platform."""
        span, earlier, gone = self.span, self.earlier, frozenset[str]()
        if earlier is not None:
            at_head = texts_at(span.head, (f.path for f in earlier.findings), cwd)
            result, gone = carry(
                result, earlier.findings, earlier.scores, in_change=span.paths, at_head=at_head
            )
        return result, FollowUp(span.head, span.scope, span.since, gone)


def following(
    platform: Platform | None, diff: str | None, full: bool, cwd: Path
) -> Following | None:
    """For a posting run over a pull or merge request's commits (A...B): what to review."""
    if platform is None or diff is None or "..." not in diff:
        return None
    change = change_of(diff, cwd, platform.fetch_hint)  # git's complaints before any request
    earlier = platform.earlier()
    last = earlier.head if earlier is not None else None
    return Following(follow_span(diff, change, last, full, cwd), earlier)
