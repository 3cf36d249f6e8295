"""From the model's issues to findings on real lines of the reviewed file, placed by quote."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from reviewer.contract import Dropped, DropReason
from reviewer.model.schema import PackIssue, ReplyIssue
from reviewer.model.shown import one_line
from reviewer.result import FileReview, Finding, Fix
from reviewer.source.unit import Unit
from reviewer.trust.fixes import raw_fix
from reviewer.trust.grounding import find_quote


def _place(
    issue: ReplyIssue, lines: Sequence[str], searched: Sequence[int], reviewed: frozenset[int]
) -> tuple[int, int] | DropReason:
    """(line, end_line) for an issue, or the reason it cannot be placed."""
    if issue.quote.strip():
        found = find_quote(issue.quote, lines, searched, issue.line)
        return found if found is not None else "ungrounded"
    if issue.line > len(lines):
        return "line outside the file"
    if issue.line not in reviewed:
        return "line outside the reviewed part"
    # The model's end_line may be anything: walk back from no further than the last line shown.
    last = min(max(issue.end_line or issue.line, issue.line), max(reviewed))
    while last > issue.line and last not in reviewed:
        last -= 1
    return issue.line, last


def to_findings(
    path: str,
    issues: Sequence[ReplyIssue],
    lines: Sequence[str],
    reviewed: Sequence[int],
    *,
    searched: Sequence[int] | None = None,
    keep_ungrounded: bool = False,
) -> tuple[list[Finding], Dropped]:
    """Findings placed where their quotes are (looked up among the `searched` line numbers,
    by default the `reviewed` ones); the rest counted by reason, never silently lost. A finding
    without a quote keeps its line only when that line was reviewed. Two findings on the same
    lines about the same problem are one."""
    findings: list[Finding] = []
    dropped: Dropped = {}
    shown = frozenset(reviewed)
    for issue in issues:
        place = _place(issue, lines, reviewed if searched is None else searched, shown)
        grounded = True
        if place == "ungrounded" and keep_ungrounded and 1 <= issue.line <= len(lines):
            place, grounded = (issue.line, issue.line), False
        if isinstance(place, str):
            dropped[place] = dropped.get(place, 0) + 1
            continue
        line, end_line = place
        fix = raw_fix(issue.fix)
        finding = Finding(
            path=path,
            line=line,
            end_line=end_line,
            severity=issue.severity,
            category=issue.category,
            title=issue.title.strip(),
            message=issue.message.strip(),
            suggestion=(issue.suggestion or "").strip() or None,
            quote=issue.quote,
            grounded=grounded,
            # Checked by trust/fixes.py once the finding is placed.
            fix=Fix(tuple(lines[line - 1 : end_line]), fix) if fix is not None else None,
        )
        if any(same_problem(finding, other) for other in findings):
            dropped["duplicate"] = dropped.get("duplicate", 0) + 1
            continue
        findings.append(finding)
    return findings, dropped


def _named(path: str) -> str:
    return path.strip().strip("`'\"").removeprefix("./").lstrip("/")


def by_file(
    issues: Sequence[PackIssue], units: Sequence[Unit]
) -> tuple[dict[str, list[ReplyIssue]], Dropped]:
    """A packed reply's issues by the file they are about: the path as the prompt named it (on
    one line; or its only file of that name), else the one file whose code holds the quote
    exactly; an issue that names no file of the request, and whose quote is in none or in
    several, is dropped."""
    paths = {unit.path for unit in units}
    # The prompt names each file on one line (a name may hold a newline): the model gives it
    # back so. Names that fold alike name neither (the quote decides).
    folded: dict[str, list[str]] = {}
    for path in paths:
        folded.setdefault(one_line(path), []).append(path)
    base: dict[str, list[str]] = {}
    for path in paths:
        base.setdefault(one_line(path).rsplit("/", 1)[-1], []).append(path)
    found: dict[str, list[ReplyIssue]] = {}
    lost = 0
    for issue in issues:
        named = _named(issue.path)
        if named not in paths and len(folded.get(named, [])) == 1:
            named = folded[named][0]
        if named not in paths and len(base.get(named.rsplit("/", 1)[-1], [])) == 1:
            named = base[named.rsplit("/", 1)[-1]][0]
        if named not in paths:
            holding = [u.path for u in units if issue.quote.strip() and find_quote(
                issue.quote, u.lines, u.searched, issue.line, fuzzy=False) is not None]  # fmt: skip
            named = holding[0] if len(holding) == 1 else ""
        if named:
            found.setdefault(named, []).append(issue)
        else:
            lost += 1
    return found, ({"ungrounded": lost} if lost else {})


def same_problem(one: Finding, other: Finding) -> bool:
    """The same place and the same problem: one line, and a matching title or category+quote."""
    if one.path != other.path or one.line != other.line:
        return False
    titles = difflib.SequenceMatcher(None, one.title.lower(), other.title.lower()).ratio()
    same_quote = bool(one.quote.strip()) and one.quote.strip() == other.quote.strip()
    return titles >= 0.6 or (one.category == other.category and same_quote)


def merge_parts(reviews: Sequence[FileReview]) -> tuple[list[FileReview], Dropped]:
    """One review per file, in the order the files came, from the reviews of its parts; a
    problem that two parts both found is kept once (and counted as a duplicate)."""
    by_path: dict[str, list[FileReview]] = {}
    for part in reviews:
        by_path.setdefault(part.path, []).append(part)
    merged = []
    repeats = 0
    for path, parts in by_path.items():
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        findings: list[Finding] = []
        for finding in (f for part in parts for f in part.findings):
            if any(same_problem(finding, other) for other in findings):
                repeats += 1
            else:
                findings.append(finding)
        # The file reads as its weakest part: that part's score and summary, said once (each
        # part's summary is about that part alone, and joined they repeat themselves).
        weakest = min(parts, key=lambda part: (part.score, -len(part.findings)))
        ranges = sorted({r for part in parts for r in part.hunk_ranges})
        changed = frozenset().union(*(part.changed for part in parts))
        merged.append(
            FileReview(
                path, weakest.score, weakest.summary, tuple(findings), tuple(ranges), changed
            )
        )
    return merged, ({"duplicate": repeats} if repeats else {})
