"""Noise controls: categories to report, a minimum severity, and at most so many findings per
unit, the most severe first. What they remove is counted, by reason. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.result import Finding
from reviewer.schema import SEVERITY_RANK

EXCLUDED_CATEGORY = "category not reported"
BELOW_SEVERITY = "below min_severity"
OVER_LIMIT = "over max_findings"


def by_category(
    findings: Sequence[Finding], include: Sequence[str], exclude: Sequence[str]
) -> tuple[list[Finding], dict[str, int]]:
    kept = [
        f for f in findings if (not include or f.category in include) and f.category not in exclude
    ]
    gone = len(findings) - len(kept)
    return kept, ({EXCLUDED_CATEGORY: gone} if gone else {})


def by_severity(
    findings: Sequence[Finding], minimum: str | None, limit: int | None
) -> tuple[list[Finding], dict[str, int]]:
    dropped: dict[str, int] = {}
    kept = list(findings)
    if minimum is not None:
        floor = SEVERITY_RANK[minimum]
        kept = [f for f in kept if SEVERITY_RANK[f.severity] >= floor]
        if len(kept) < len(findings):
            dropped[BELOW_SEVERITY] = len(findings) - len(kept)
    if limit is not None and len(kept) > limit:
        # The most severe stay; among equals, the earlier lines; the survivors keep their order.
        ranked = sorted(kept, key=lambda f: (-SEVERITY_RANK[f.severity], f.line))[:limit]
        dropped[OVER_LIMIT] = len(kept) - limit
        kept = [f for f in kept if f in ranked]
    return kept, dropped
