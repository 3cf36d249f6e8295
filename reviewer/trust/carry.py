"""Which findings of an earlier review of a change still stand after new commits. Pure.

An earlier finding that this run found again is this run's. One whose file this run did not
review again stands, at its lines at the new head, found by its quote. One whose quoted code was
changed or removed, whose file left the change, or whose lines this run reviewed anew without
finding it, is gone. A partial review (a file failed, or was cut) decides nothing is gone: what
was not reviewed may still be wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from reviewer.result import FileReview, Finding, ReviewResult, fingerprint
from reviewer.trust.grounding import find_quote


def _where_now(finding: Finding, lines: Sequence[str]) -> tuple[int, int] | None:
    """The finding's lines at the new head: where its quote is, exactly (whitespace aside),
    nearest its old line; None when its code is no longer there."""
    if not finding.quote.strip():
        return (finding.line, finding.end_line) if finding.end_line <= len(lines) else None
    everywhere = range(1, len(lines) + 1)
    return find_quote(finding.quote, lines, everywhere, finding.line, fuzzy=False)


def _stands(
    finding: Finding,
    lines: Sequence[str] | None,
    review: FileReview | None,
    in_change: frozenset[str],
) -> tuple[int, int] | None:
    """Where an earlier finding stands at the new head; None when it is gone."""
    spot = _where_now(finding, lines) if lines is not None else None
    if finding.path not in in_change or spot is None:
        return None  # its file left the change, or its code was changed or removed
    if review is not None and any(n in review.changed for n in range(spot[0], spot[1] + 1)):
        return None  # reviewed anew, and not found again
    return spot


def carry(
    result: ReviewResult,
    earlier: Sequence[Finding],
    scores: Mapping[str, int],
    *,
    in_change: frozenset[str],
    at_head: Mapping[str, Sequence[str] | None],
) -> tuple[ReviewResult, frozenset[str]]:
    """This run's result with the earlier findings that still stand, and the fingerprints of
    those that are gone. `in_change`: the files of the whole pull or merge request; `at_head`:
    the lines of each earlier finding's file at the reviewed head (None: not there)."""
    partial = bool(result.failed) or result.coverage[0] < result.coverage[1]
    now = {fingerprint(f) for f in result.findings}
    reviewed = {review.path: review for review in result.files}
    carried: dict[str, list[Finding]] = {}
    gone: set[str] = set()
    for finding in (f for f in earlier if fingerprint(f) not in now):
        spot = _stands(finding, at_head.get(finding.path), reviewed.get(finding.path), in_change)
        if spot is None:
            gone.add(fingerprint(finding))
            if not partial:
                continue
        else:
            finding = dataclasses.replace(finding, line=spot[0], end_line=spot[1])
        carried.setdefault(finding.path, []).append(finding)
    files = [
        dataclasses.replace(r, findings=r.findings + tuple(carried.pop(r.path)))
        if r.path in carried
        else r
        for r in result.files
    ]
    files += [FileReview(path, scores.get(path, 10), "", tuple(fs)) for path, fs in carried.items()]
    return dataclasses.replace(result, files=tuple(files)), frozenset(() if partial else gone)
