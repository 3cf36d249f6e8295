"""Which findings are shown: each step keeps some and counts what it removed, by reason. Pure."""

from __future__ import annotations

import dataclasses

from reviewer.contract import Severity
from reviewer.model.schema import Verdict, VerdictReply
from reviewer.result import Finding
from reviewer.source.diff import Hunk
from reviewer.source.unit import Unit
from reviewer.source.view import view_of
from reviewer.trust.noise import (
    apply_verdicts,
    by_category,
    by_severity,
    contradicted,
    in_change,
    lost,
    shown_score,
)


def _finding(line: int, severity: Severity = "high", category: str = "bug") -> Finding:
    return Finding("a.py", line, line, severity, category, f"t{line}", "m")  # type: ignore[arg-type]


LINES = tuple(f"line {n}" for n in range(1, 31))
# Line 10 modified, and line 20 removed (so 19 and 20 border a removal).
CHANGE = view_of(LINES, [Hunk(10, 1, 10, 1, ("old",)), Hunk(20, 1, 19, 0, ("gone",))], 3)


def test_the_filter_modes_keep_what_they_say() -> None:
    unit = Unit("a.py", LINES, CHANGE)
    findings = [_finding(10), _finding(12), _finding(20), _finding(29)]
    assert in_change(unit, findings, "added") == (
        [findings[0], findings[2]],
        {"outside the change": 2},
    )
    kept, dropped = in_change(unit, findings, "diff_context")
    assert [f.line for f in kept] == [10, 12, 20] and dropped == {"outside the change": 1}
    assert in_change(unit, findings, "nofilter") == (findings, {})
    assert in_change(Unit("a.py", LINES), findings, "added") == (findings, {})


def test_a_finding_spanning_into_the_change_is_kept() -> None:
    unit = Unit("a.py", LINES, CHANGE)
    spanning = dataclasses.replace(_finding(5), end_line=10)
    assert in_change(unit, [spanning], "added") == ([spanning], {})


def test_categories_included_and_excluded() -> None:
    findings = [_finding(1, category="bug"), _finding(2, category="style")]
    assert by_category(findings, ["bug"], []) == ([findings[0]], {"category not reported": 1})
    assert by_category(findings, [], ["style"]) == ([findings[0]], {"category not reported": 1})
    assert by_category(findings, [], []) == (findings, {})


def test_the_most_severe_stay_in_their_order() -> None:
    findings = [_finding(1, "low"), _finding(2, "critical"), _finding(3, "medium"),
                _finding(4, "high")]  # fmt: skip
    kept, dropped = by_severity(findings, "medium", 2)
    assert [f.line for f in kept] == [2, 4]
    assert dropped == {"below min_severity": 1, "over max_findings": 1}


def test_verdicts_drop_regrade_and_leave_the_unmentioned() -> None:
    findings = [_finding(1), _finding(2), _finding(3)]
    reply = VerdictReply(verdicts=[Verdict(id=1, keep=False), Verdict(id=2, keep=True,
                                   severity="low"), Verdict(id=9, keep=False)])  # fmt: skip
    kept, dropped = apply_verdicts(findings, reply)
    assert [(f.line, f.severity) for f in kept] == [(2, "low"), (3, "high")]
    assert dropped == {"self-check": 1}


def test_contradictory_verdicts_keep_the_finding_as_it_was() -> None:
    findings = [_finding(1), _finding(2, "medium"), _finding(3), _finding(4, "low")]
    reply = VerdictReply(verdicts=[
        Verdict(id=1, keep=True), Verdict(id=1, keep=False),  # kept and dropped
        Verdict(id=2, keep=True, severity="low"), Verdict(id=2, keep=True, severity="high"),
        Verdict(id=3, keep=False), Verdict(id=3, keep=False, severity="low"),  # a drop is a drop
        Verdict(id=4, keep=True, severity="medium"), Verdict(id=4, keep=True, severity="medium"),
    ])  # fmt: skip
    assert contradicted(reply) == [1, 2]
    kept, dropped = apply_verdicts(findings, reply)
    assert [(f.line, f.severity) for f in kept] == [(1, "high"), (2, "medium"), (4, "medium")]
    assert dropped == {"self-check": 1}


def _shown(*severities: Severity) -> list[Finding]:
    return [Finding("f.py", 1, 1, s, "bug", "t", "m") for s in severities]


def test_the_score_gives_back_what_findings_dropped_as_not_real_took() -> None:
    assert shown_score(4, [], _shown("low")) == 4  # nothing dropped: the model's own
    assert shown_score(4, ["critical"], _shown("low")) == 8
    assert shown_score(4, ["critical", "high"], _shown()) == 10  # capped at 10
    # Never above what the findings still shown allow, never below the model's score.
    assert shown_score(3, ["high"], _shown("critical")) == 4
    assert shown_score(5, ["high"], _shown("critical")) == 5
    assert lost(["high", "low", "low"], ["low"]) == ["high", "low"]
