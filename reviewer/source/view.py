"""What the model sees of a change, and which lines count as the change. Pure.

Each hunk is shown with enough context to be understood: up to its enclosing definition (found by
indentation, so it works for most languages), at most `context_lines` lines above, and a few lines
below. Lines carry their numbers in the new file, so findings can be placed; removed lines are
shown, marked, without a number, since they no longer exist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.source.diff import Hunk

# Context always shown around a change (when context_lines allows that many).
MIN_CONTEXT = 3
GAP = "..."

# A line that opens a definition: stop looking further up for context.
_DEFINITION = re.compile(
    r"^\s*(?:(?:export|default|public|private|protected|internal|static|async|abstract|final|"
    r"override|virtual|inline|unsafe|extern|pub(?:\([\w:]+\))?)\s+)*"
    r"(?:def|class|function|func|fn|impl|trait|struct|enum|interface|module|namespace|sub|proc|"
    r"object|fun|macro|template)\b"
)
# Lines that never open a block: closers, lone openers and comments.
_NOT_OPENER = re.compile(r"^\s*(?:[)\]}]|[({\[]\s*$|#|//|/\*|\*|--)")

# The context of the diff GitHub shows, whose lines (and only those) take review comments.
GITHUB_CONTEXT = 3


def _indent(text: str) -> int:
    expanded = text.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _context_start(lines: Sequence[str], top: int, limit: int) -> int:
    """The first line to show above a change starting at `top`: its enclosing definition when
    that is within `limit` lines, else the outermost enclosing block line found, else a few."""
    start = max(1, top - min(MIN_CONTEXT, limit))
    below = (line for line in lines[top - 1 : top + MIN_CONTEXT] if line.strip())
    first = next(below, None)
    if first is None:
        return start
    target = _indent(first)
    for number in range(top - 1, max(1, top - limit) - 1, -1):
        text = lines[number - 1]
        if not text.strip() or _NOT_OPENER.match(text) or _indent(text) >= target:
            continue
        if _DEFINITION.match(text):
            return number
        start, target = min(start, number), _indent(text)
        if target == 0:
            break
    return start


@dataclass(frozen=True)
class DiffView:
    """A changed file as the model sees it, and the line sets the filter modes use."""

    text: str
    added: frozenset[int]  # lines the change added or modified
    touched: frozenset[int]  # those, plus the lines on either side of a removal
    shown: frozenset[int]  # every numbered line in `text`
    # The new-side line ranges of the hunks as GitHub shows them (3 lines of context, hunks
    # merged as git merges them): the lines a review comment may sit on.
    hunk_ranges: tuple[tuple[int, int], ...] = ()
    # What the view was made of, so that a view too large for one request can be split.
    hunks: tuple[Hunk, ...] = ()
    context_lines: int = 0

    def keeps(self, mode: str, line: int, end_line: int) -> bool:
        """Whether a finding on lines `line`..`end_line` is reported under a filter mode."""
        if mode in ("file", "nofilter"):
            return True
        lines = self.touched if mode == "added" else self.touched | self.shown
        return any(number in lines for number in range(line, end_line + 1))


def view_of(lines: Sequence[str], hunks: Sequence[Hunk], context_lines: int) -> DiffView:
    count = len(lines)
    added: set[int] = set()
    touched: set[int] = set()
    shown: set[int] = set()
    removals: dict[int, tuple[str, ...]] = {}
    for hunk in hunks:
        if hunk.new_count:
            top, bottom = hunk.new_start, hunk.new_start + hunk.new_count - 1
            added.update(range(top, bottom + 1))
            touched.update(range(top, bottom + 1))
        else:  # a pure removal sits between new_start and the line after it
            top, bottom = hunk.new_start + 1, hunk.new_start
            touched.update(n for n in (bottom, top) if 1 <= n <= count)
        if hunk.removed:
            removals[top] = hunk.removed
        top, bottom = min(max(top, 1), count), min(max(bottom, 1), count)
        if count:
            end = min(count, bottom + min(MIN_CONTEXT, context_lines))
            shown.update(range(_context_start(lines, top, context_lines), end + 1))
    width = len(str(max(shown | set(removals) | {1})))
    out: list[str] = []
    previous: int | None = None
    for number in sorted(shown | set(removals)):
        if previous is not None and number > previous + 1:
            out.append(f"{'':>{width}}  {GAP}")
        out += [f"{'':>{width}} -| {text}" for text in removals.get(number, ())]
        if number in shown:
            mark = "+" if number in added else " "
            out.append(f"{number:>{width}} {mark}| {lines[number - 1]}")
        previous = number
    return DiffView(
        "\n".join(out),
        frozenset(added),
        frozenset(touched),
        frozenset(shown),
        github_ranges(hunks, count),
        tuple(hunks),
        context_lines,
    )


def github_ranges(hunks: Sequence[Hunk], line_count: int) -> tuple[tuple[int, int], ...]:
    """New-side line ranges of `git diff -U3`'s hunks, from the hunks of `-U0`: each change with
    3 lines either side, merged where the windows meet (git joins hunks whose context touches)."""
    windows: list[list[int]] = []
    for hunk in hunks:
        if hunk.new_count:
            low, high = hunk.new_start, hunk.new_start + hunk.new_count - 1
        else:  # a pure removal sits after line new_start
            low, high = hunk.new_start + 1, hunk.new_start
        low, high = max(1, low - GITHUB_CONTEXT), min(line_count, high + GITHUB_CONTEXT)
        if low > high:
            continue
        if windows and low <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    return tuple((low, high) for low, high in windows)
