"""Where a finding really is: its `quote` looked up in the reviewed lines. Models name the right
code far more often than the right line number, so the quote decides and the number only breaks
ties. Pure.

Tiers, best first: the quote's lines equal to whole lines of the code; found verbatim inside
them (as substrings of consecutive lines); found with whitespace normalised; then a close fuzzy
match (difflib, ratio >= 0.85) within a few lines of the reported one (a fuzzy match far away is
more often a look-alike than the place meant), and only when that line is among those reviewed.
Within the best tier that has a match, the one nearest the reported line wins.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

FUZZY = 0.85
FUZZY_REACH = 10  # lines either side of the reported line where a fuzzy match may be


def _norm(text: str) -> str:
    return " ".join(text.split())


def quote_lines(quote: str) -> list[str]:
    return [line.strip() for line in quote.strip().splitlines() if line.strip()]


def _matches(line: str, wanted: str, tier: int) -> bool:
    if tier == 0:
        return line.strip() == wanted
    if tier == 1:
        return wanted in line
    if tier == 2:
        return _norm(wanted) in _norm(line)
    normal, target = _norm(line), _norm(wanted)
    if not normal:
        return False
    return difflib.SequenceMatcher(None, normal, target, autojunk=False).ratio() >= FUZZY


def find_quote(
    quote: str, lines: Sequence[str], reviewed: Sequence[int], near: int, *, fuzzy: bool = True
) -> tuple[int, int] | None:
    """(first, last) line of the quote among the `reviewed` line numbers, nearest `near`;
    without `fuzzy`, only where the code is the quote (whitespace aside)."""
    wanted = quote_lines(quote)
    if not wanted:
        return None
    allowed = set(reviewed)
    # A fuzzy match is a guess near the reported line, so that line must be one shown: a
    # number outside the part reviewed points at nothing there.
    tiers = 4 if fuzzy and near in allowed else 3
    for tier in range(tiers):
        hits = [
            start
            for start in reviewed
            if (tier < 3 or abs(start - near) <= FUZZY_REACH)
            and all(
                start + offset in allowed
                and start + offset <= len(lines)
                and _matches(lines[start + offset - 1], text, tier)
                for offset, text in enumerate(wanted)
            )
        ]
        if hits:
            start = min(hits, key=lambda number: (abs(number - near), number))
            return start, start + len(wanted) - 1
    return None
