"""Units that fit one request. A file or a change too large for the token budget is split on
natural boundaries: between hunks in a diff, between top-level blocks in a whole file, and, for
one hunk or block that is itself too large, in halves. Line numbers stay the file's own. What
cannot fit even alone (a single enormous line) is returned as a gap, to be listed, never dropped
in silence. Pure: `fits` decides what fits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from reviewer.result import Skipped
from reviewer.source.diff import Hunk
from reviewer.source.unit import Unit
from reviewer.source.view import view_of

Fits = Callable[[Unit], bool]
# (first line, last line) of a part that fits no request.
Gap = tuple[int, int]


def split(unit: Unit, fits: Fits) -> tuple[list[Unit], list[Gap]]:
    if fits(unit):
        return [unit], []
    if unit.change is not None:
        return _split_diff(unit, fits)
    return _split_file(unit, fits)


def fit_all(units: Sequence[Unit], fits: Fits, budget: int) -> tuple[list[Unit], list[Skipped]]:
    """Every unit split to fit, and what fits no request (`budget` tokens) listed as skipped."""
    parts: list[Unit] = []
    skipped: list[Skipped] = []
    for unit in units:
        fitted, gaps = split(unit, fits)
        parts += fitted
        for first, last in gaps:
            lines = f"line {first} is" if first == last else f"lines {first}-{last} are"
            skipped.append(
                Skipped(unit.path, "too large", f"{lines} over the {budget:,}-token request budget")
            )
    return parts, skipped


def halves(unit: Unit) -> list[Unit] | None:
    """The unit in two, for a provider that says it is too long; None when it cannot split."""
    if unit.change is not None:
        pieces = _pieces(unit.change.hunks)
        if len(pieces) < 2:
            return None
        middle = len(pieces) // 2
        return [_with_hunks(unit, pieces[:middle]), _with_hunks(unit, pieces[middle:])]
    first, last = unit.span
    if first == last:
        return None
    middle = (first + last) // 2
    return [
        dataclasses.replace(unit, window=(first, middle)),
        dataclasses.replace(unit, window=(middle + 1, last)),
    ]


# ---- diffs: hunks, and hunks cut into runs of added lines


def _with_hunks(unit: Unit, hunks: Sequence[Hunk]) -> Unit:
    assert unit.change is not None
    return dataclasses.replace(unit, change=view_of(unit.lines, hunks, unit.change.context_lines))


def _cut(hunk: Hunk) -> list[Hunk] | None:
    """A hunk in two runs of its added lines (its removed lines go with the first)."""
    if hunk.new_count < 2:
        return None
    half = hunk.new_count // 2
    first = Hunk(hunk.old_start, hunk.old_count, hunk.new_start, half, hunk.removed)
    rest = Hunk(hunk.old_start + hunk.old_count, 0, hunk.new_start + half, hunk.new_count - half)
    return [first, rest]


def _pieces(hunks: Sequence[Hunk]) -> list[Hunk]:
    """Hunks to divide between two units: a lone hunk is cut in two runs of its lines."""
    if len(hunks) == 1:
        return _cut(hunks[0]) or list(hunks)
    return list(hunks)


def _split_diff(unit: Unit, fits: Fits) -> tuple[list[Unit], list[Gap]]:
    units: list[Unit] = []
    gaps: list[Gap] = []
    pending: list[Hunk] = []

    def place(hunk: Hunk) -> None:
        alone = _with_hunks(unit, [hunk])
        if fits(alone):
            pending.append(hunk)
            return
        cut = _cut(hunk)
        if cut is None:
            last = hunk.new_start + max(hunk.new_count, 1) - 1
            gaps.append((hunk.new_start, last))
            return
        for part in cut:
            flush_if_full(part)

    def flush_if_full(hunk: Hunk) -> None:
        if pending and fits(_with_hunks(unit, [*pending, hunk])):
            pending.append(hunk)
            return
        if pending:
            units.append(_with_hunks(unit, pending))
            pending.clear()
        place(hunk)

    assert unit.change is not None
    for hunk in unit.change.hunks:
        flush_if_full(hunk)
    if pending:
        units.append(_with_hunks(unit, pending))
    return units, gaps


# ---- whole files: top-level blocks, and blocks cut in halves


def _blocks(lines: Sequence[str], first: int, last: int) -> list[tuple[int, int]]:
    """Top-level blocks: a new one starts at an unindented line that follows a blank one."""
    starts = [first]
    for number in range(first + 1, last + 1):
        text = lines[number - 1]
        if text.strip() and not text[0].isspace() and not lines[number - 2].strip():
            starts.append(number)
    return [(start, end - 1) for start, end in zip(starts, [*starts[1:], last + 1], strict=True)]


def _split_file(unit: Unit, fits: Fits) -> tuple[list[Unit], list[Gap]]:
    units: list[Unit] = []
    gaps: list[Gap] = []
    current: tuple[int, int] | None = None

    def window(span: tuple[int, int]) -> Unit:
        return dataclasses.replace(unit, window=span)

    def add(span: tuple[int, int]) -> None:
        nonlocal current
        if current is not None:
            joined = (current[0], span[1])
            if fits(window(joined)):
                current = joined
                return
            units.append(window(current))
            current = None
        if fits(window(span)):
            current = span
        elif span[0] == span[1]:
            gaps.append(span)
        else:
            middle = (span[0] + span[1]) // 2
            add((span[0], middle))
            add((middle + 1, span[1]))

    first, last = unit.span
    for block in _blocks(unit.lines, first, last):
        add(block)
    if current is not None:
        units.append(window(current))
    return units, gaps
