"""`--format gitlab` and `--codequality-file`: a GitLab Code Quality report, which GitLab shows in
the merge request's widget on every tier.

The format (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format) is a
JSON array of CodeClimate issues, of which GitLab reads `description`, `check_name`,
`fingerprint`, `severity` and `location`. GitLab shows findings with one fingerprint as one, so
each is unique in the report; it is also stable when lines move, so that the widget compares a
merge request's findings with its target branch's by content.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reviewer.render.safe import json_text
from reviewer.result import Finding, ReviewResult, fingerprint

SEVERITY = {"critical": "critical", "high": "major", "medium": "minor", "low": "info"}


def _issue(finding: Finding, unique: str) -> dict[str, Any]:
    # Only the fields GitLab reads: it ignores the rest of the CodeClimate format.
    return {
        "description": " ".join(f"{finding.title}: {finding.message}".split()),
        "check_name": f"reviewer/{finding.category}",
        "fingerprint": unique,
        "severity": SEVERITY[finding.severity],
        "location": {"path": finding.path, "lines": {"begin": finding.line}},
    }


def codequality_document(result: ReviewResult) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    issues = []
    for finding in result.findings:
        base = fingerprint(finding)
        seen[base] += 1
        # The same problem twice in one file (same title, same quoted code): numbered, in order.
        unique = base if seen[base] == 1 else f"{base}-{seen[base]}"
        issues.append(_issue(finding, unique))
    return issues


def render_codequality(result: ReviewResult) -> str:
    # UTF-8 as written (json_text: ensure_ascii off), no byte-order mark (GitLab refuses one).
    return json_text(codequality_document(result))
