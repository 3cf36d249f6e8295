"""From the model's issues to findings placed on real lines of the reviewed file."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.result import Finding
from reviewer.schema import ReplyIssue

OUTSIDE_FILE = "line outside the file"
OUTSIDE_PART = "line outside the reviewed part"
DUPLICATE = "duplicate"


def to_findings(
    path: str,
    issues: Sequence[ReplyIssue],
    line_count: int,
    span: tuple[int, int] | None = None,
) -> tuple[list[Finding], dict[str, int]]:
    """Findings on lines that exist (and, for a part of a file, on lines of that part); the rest
    counted by reason, never silently lost."""
    first, last = span or (1, line_count)
    findings: list[Finding] = []
    dropped: dict[str, int] = {}
    seen: set[tuple[int, str]] = set()
    for issue in issues:
        if issue.line > line_count or not first <= issue.line <= last:
            reason = OUTSIDE_FILE if issue.line > line_count else OUTSIDE_PART
            dropped[reason] = dropped.get(reason, 0) + 1
            continue
        key = (issue.line, issue.title.strip().lower())
        if key in seen:
            dropped[DUPLICATE] = dropped.get(DUPLICATE, 0) + 1
            continue
        seen.add(key)
        end_line = min(issue.end_line or issue.line, last)
        findings.append(
            Finding(
                path=path,
                line=issue.line,
                end_line=end_line,
                severity=issue.severity,
                category=issue.category,
                title=issue.title.strip(),
                message=issue.message.strip(),
                suggestion=(issue.suggestion or "").strip() or None,
                quote=issue.quote,
            )
        )
    return findings, dropped
