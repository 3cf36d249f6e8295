"""From the model's issues to findings on real lines, placed by quote; the rest counted by
reason; and the parts of one file merged into one review."""

from __future__ import annotations

from typing import Any

from reviewer.model.schema import ReplyIssue
from reviewer.result import FileReview, Finding
from reviewer.trust.anchoring import merge_parts, to_findings

LINES = ("def f(xs):", "    total = 0", "    for x in xs:", "        total += x", "    return x")


def _issue(line: int, quote: str = "", **fields: Any) -> ReplyIssue:
    values = {"line": line, "severity": "high", "category": "bug", "title": "Wrong value",
              "message": "m", "quote": quote, **fields}  # fmt: skip
    return ReplyIssue.model_validate(values)


def test_the_quote_decides_the_line_and_the_number_breaks_ties() -> None:
    findings, dropped = to_findings("f.py", [_issue(1, "return x")], LINES, range(1, 6))
    assert [(f.line, f.end_line) for f in findings] == [(5, 5)] and dropped == {}


def test_what_cannot_be_placed_is_counted_by_reason() -> None:
    issues = [_issue(2, "return total_sum"), _issue(40), _issue(4), _issue(2), _issue(2)]
    findings, dropped = to_findings("f.py", issues, LINES, [1, 2, 3])
    assert [f.line for f in findings] == [2]
    assert dropped == {
        "ungrounded": 1, "line outside the file": 1, "line outside the reviewed part": 1,
        "duplicate": 1,
    }  # fmt: skip


def test_an_ungrounded_finding_is_kept_flagged_when_asked() -> None:
    findings, dropped = to_findings(
        "f.py", [_issue(3, "no such code")], LINES, range(1, 6), keep_ungrounded=True
    )
    assert [(f.line, f.grounded) for f in findings] == [(3, False)] and dropped == {}


def _review(*findings: Finding, score: int = 7, summary: str = "s") -> FileReview:
    return FileReview("f.py", score, summary, findings, ((1, 3),))


def test_parts_merge_into_one_review_with_repeats_counted() -> None:
    one = Finding("f.py", 2, 2, "high", "bug", "Wrong value", "m", quote="total = 0")
    again = Finding("f.py", 2, 2, "high", "bug", "Wrong value!", "other words")
    other = Finding("f.py", 4, 4, "low", "style", "Name", "m")
    merged, dropped = merge_parts([_review(one, score=8), _review(again, other, score=5,
                                  summary="t"), FileReview("g.py", 9, "")])  # fmt: skip
    # The file reads as its weakest part, said once.
    assert [(r.path, r.score, r.summary) for r in merged] == [("f.py", 5, "t"), ("g.py", 9, "")]
    assert merged[0].findings == (one, other)
    assert dropped == {"duplicate": 1}


def test_a_fuzzy_match_needs_the_reported_line_to_be_among_those_reviewed() -> None:
    from reviewer.trust.grounding import find_quote

    lines = [f"    total = sum(values) * {n}" for n in range(130, 150)]
    quote = "total = sum(values) * 139"  # line 10; the part reviewed is lines 12-20
    assert find_quote(quote, lines, range(12, 21), 10) is None
    assert find_quote("total = sum(values) * 1399", lines, range(1, 21), 10) == (10, 10)
    assert find_quote("total = sum(values) * 1399", lines, range(1, 21), 10, fuzzy=False) is None


def test_a_packed_issue_names_its_file_as_the_prompt_showed_it_on_one_line() -> None:
    from reviewer.model.schema import PackIssue
    from reviewer.source.unit import Unit
    from reviewer.trust.anchoring import by_file

    units = [Unit("a\nb.py", ("x = 1",)), Unit("c\rd.py", ("y = 2",)), Unit("c\td.py", ("z",))]

    def named(path: str, quote: str = "") -> PackIssue:
        return PackIssue(path=path, line=1, severity="high", category="bug", title="t",
                         message="m", quote=quote)  # fmt: skip

    # "c d.py" names two files alike: the quote decides.
    issues = [named("a b.py"), named("c d.py", quote="y = 2"), named("c d.py")]
    found, dropped = by_file(issues, units)
    assert {path: len(items) for path, items in found.items()} == {"a\nb.py": 1, "c\rd.py": 1}
    assert dropped == {"ungrounded": 1}
