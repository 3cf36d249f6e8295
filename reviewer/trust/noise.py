"""Which findings are shown: those in the change (the filter mode), of the categories reported,
kept by the verifier, at or above a minimum severity, and at most so many per unit, the most
severe first. What each step removes is counted, by reason. Pure."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.contract import SEVERITY_RANK, Category, Dropped, FilterMode, Severity
from reviewer.model.schema import VerdictReply
from reviewer.result import Finding
from reviewer.source.unit import Unit

# What a step keeps, and how many it removed by reason.
Screened = tuple[list[Finding], Dropped]


@dataclass(frozen=True)
class NoiseRules:
    """The user's noise controls (config keys of the same names)."""

    filter_mode: FilterMode = "added"
    categories: tuple[Category, ...] = ()  # empty: every category
    exclude_categories: tuple[Category, ...] = ()
    min_severity: Severity | None = None
    max_findings: int | None = None  # per unit


def in_change(unit: Unit, findings: Sequence[Finding], mode: FilterMode) -> Screened:
    """The findings the filter mode reports; whole files keep them all."""
    if unit.change is None:
        return list(findings), {}
    change = unit.change
    kept = [f for f in findings if change.keeps(mode, f.line, f.end_line)]
    gone = len(findings) - len(kept)
    return kept, ({"outside the change": gone} if gone else {})


def by_category(
    findings: Sequence[Finding], include: Sequence[str], exclude: Sequence[str]
) -> Screened:
    kept = [
        f for f in findings if (not include or f.category in include) and f.category not in exclude
    ]
    gone = len(findings) - len(kept)
    return kept, ({"category not reported": gone} if gone else {})


def by_severity(findings: Sequence[Finding], minimum: str | None, limit: int | None) -> Screened:
    dropped: Dropped = {}
    kept = list(findings)
    if minimum is not None:
        floor = SEVERITY_RANK[minimum]
        kept = [f for f in kept if SEVERITY_RANK[f.severity] >= floor]
        if len(kept) < len(findings):
            dropped["below min_severity"] = len(findings) - len(kept)
    if limit is not None and len(kept) > limit:
        # The most severe stay; among equals, the earlier lines; the survivors keep their order.
        ranked = sorted(kept, key=lambda f: (-SEVERITY_RANK[f.severity], f.line))[:limit]
        dropped["over max_findings"] = len(kept) - limit
        kept = [f for f in kept if f in ranked]
    return kept, dropped


# How much a finding of each severity takes from a score, and the highest score a file with a
# finding of that severity shown can have. A finding the model counted but that was dropped as
# not real (invented, misplaced, the prompt's example, rejected by the self-check) gives back
# what it took, up to the ceiling of what is still shown.
WEIGHT = {"critical": 4, "high": 3, "medium": 2, "low": 1}
CEILING = {"critical": 4, "high": 6, "medium": 8, "low": 9}


def shown_score(score: int, unreal: Sequence[str], shown: Sequence[Finding]) -> int:
    """The model's score, raised for the `unreal` findings (their severities) it counted that
    were dropped, never above the ceiling of the findings `shown`."""
    if not unreal:
        return score
    ceiling = min((CEILING[f.severity] for f in shown), default=10)
    raised = min(10, score + sum(WEIGHT[severity] for severity in unreal))
    return max(score, min(ceiling, raised))


def lost(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """The severities in `before` that are not in `after` (each counted as often as lost)."""
    return list((Counter(before) - Counter(after)).elements())


def contradicted(reply: VerdictReply) -> list[int]:
    """The ids the verifier judged more than once and not alike: kept once and dropped once, or
    kept at two severities. Such a verdict says nothing, so it is not applied."""
    judged: dict[int, set[tuple[bool, Severity | None]]] = {}
    for verdict in reply.verdicts:
        # A drop is a drop, whatever severity came with it.
        judged.setdefault(verdict.id, set()).add(
            (verdict.keep, verdict.severity if verdict.keep else None)
        )
    return sorted(number for number, seen in judged.items() if len(seen) > 1)


def apply_verdicts(findings: Sequence[Finding], reply: VerdictReply) -> Screened:
    """Drop the findings the verifier judged `keep: false` and apply new severities; ids count
    from 1. A finding the verifier did not mention, or judged both ways (`contradicted`), is
    kept as it was: only an explicit, consistent verdict removes one or changes it."""
    unclear = set(contradicted(reply))
    verdicts = {verdict.id: verdict for verdict in reply.verdicts if verdict.id not in unclear}
    kept: list[Finding] = []
    for number, finding in enumerate(findings, 1):
        verdict = verdicts.get(number)
        if verdict is None:
            kept.append(finding)
        elif verdict.keep:
            if verdict.severity is not None and verdict.severity != finding.severity:
                finding = dataclasses.replace(finding, severity=verdict.severity)
            kept.append(finding)
    gone = len(findings) - len(kept)
    return kept, ({"self-check": gone} if gone else {})
