"""Splitting what is too large for one request: on hunk and block boundaries, line numbers kept,
and what fits nowhere listed as skipped, never dropped."""

from __future__ import annotations

from reviewer.source.chunking import fit_all, halves, split
from reviewer.source.diff import Hunk
from reviewer.source.unit import Unit
from reviewer.source.view import view_of

# Three top-level blocks of four lines each, separated by blank lines.
BLOCKS = tuple(
    line for name in ("a", "b", "c") for line in (f"def {name}():", "    x = 1", "    return x", "")
)


def test_a_unit_that_fits_is_left_whole() -> None:
    unit = Unit("a.py", BLOCKS)
    assert split(unit, lambda _: True) == ([unit], [])


def test_a_whole_file_splits_between_top_level_blocks() -> None:
    unit = Unit("a.py", BLOCKS)
    parts, gaps = split(unit, lambda u: u.span[1] - u.span[0] < 8)
    assert [part.span for part in parts] == [(1, 8), (9, 12)]
    assert gaps == []
    assert all(part.lines == BLOCKS for part in parts)  # numbers stay the file's own


def test_a_line_too_long_for_any_request_is_a_gap_listed_as_too_large() -> None:
    lines = ("x = 1", "y = '" + "z" * 500 + "'", "w = 2")
    unit = Unit("big.py", lines)

    def fits(part: Unit) -> bool:
        first, last = part.span
        return all(len(line) < 100 for line in part.lines[first - 1 : last])

    parts, skipped = fit_all([unit], fits, budget=2_000)
    assert [part.span for part in parts] == [(1, 1), (3, 3)]
    assert [(s.path, s.reason, s.detail) for s in skipped] == [
        ("big.py", "too large", "line 2 is over the 2,000-token request budget")
    ]


def test_a_diff_splits_between_hunks() -> None:
    lines = tuple(f"line {n}" for n in range(1, 101))
    hunks = [Hunk(10, 1, 10, 1, ("old 10",)), Hunk(50, 1, 50, 1, ("old 50",)), Hunk(90, 0, 90, 2)]
    unit = Unit("d.py", lines, view_of(lines, hunks, 3))
    parts, gaps = split(unit, lambda u: u.change is not None and len(u.change.hunks) == 1)
    assert gaps == []
    assert [sorted(p.change.added) for p in parts if p.change] == [[10], [50], [90, 91]]


def test_halves_of_a_file_and_of_a_lone_hunk() -> None:
    whole = Unit("a.py", BLOCKS)
    assert [part.span for part in halves(whole) or []] == [(1, 6), (7, 12)]
    assert halves(Unit("one.py", ("x = 1",))) is None
    lines = tuple(f"line {n}" for n in range(1, 11))
    diff = Unit("d.py", lines, view_of(lines, [Hunk(1, 0, 1, 10)], 3))
    first, second = halves(diff) or []
    assert first.change is not None and second.change is not None
    assert sorted(first.change.added) == [1, 2, 3, 4, 5]
    assert sorted(second.change.added) == [6, 7, 8, 9, 10]
