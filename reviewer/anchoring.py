"""From the model's issues to findings placed on real lines of the reviewed file."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.result import Finding
from reviewer.schema import ReplyIssue

OUTSIDE_FILE = "line outside the file"
DUPLICATE = "duplicate"


def to_findings(
    path: str, issues: Sequence[ReplyIssue], line_count: int
) -> tuple[list[Finding], dict[str, int]]:
    """Findings on lines that exist; the rest counted by reason, never silently lost."""
    findings: list[Finding] = []
    dropped: dict[str, int] = {}
    seen: set[tuple[int, str]] = set()
    for issue in issues:
        if issue.line > line_count:
            dropped[OUTSIDE_FILE] = dropped.get(OUTSIDE_FILE, 0) + 1
            continue
        key = (issue.line, issue.title.strip().lower())
        if key in seen:
            dropped[DUPLICATE] = dropped.get(DUPLICATE, 0) + 1
            continue
        seen.add(key)
        end_line = min(issue.end_line or issue.line, line_count)
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
