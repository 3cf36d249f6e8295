"""A merge request's diff as GitLab shows it, and the positions GitLab accepts on it. Pure.

GitLab takes a discussion on a line of its own diff only, and says so with `400 ... line_code
can't be blank` otherwise. The rules, from "Create a new thread in the merge request diff"
(https://docs.gitlab.com/api/discussions/#create-a-new-thread-in-the-merge-request-diff): an
added line takes `new_line` only, a removed line `old_line` only, an unchanged line both. A
range (`line_range`) names its ends by line code, `<sha1 of the path>_<old>_<new>`, numbered
as GitLab's diff parser counts: an added line carries the old side's running count, a removed
line the new side's (lib/gitlab/diff/parser.rb).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reviewer.platforms.plan import Inline

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "+" added, "-" removed, " " unchanged
    old: int  # GitLab's running counts
    new: int
    text: str = ""

    @property
    def old_line(self) -> int | None:
        return None if self.kind == "+" else self.old

    @property
    def new_line(self) -> int | None:
        return None if self.kind == "-" else self.new


@dataclass(frozen=True)
class FileDiff:
    old_path: str
    new_path: str
    lines: tuple[DiffLine, ...] = ()
    ranges: tuple[tuple[int, int], ...] = ()  # new-side lines of each hunk

    def at(self, new_line: int) -> DiffLine | None:
        """The line of the diff that is `new_line` of the new file, if the diff shows it."""
        return next((line for line in self.lines if line.new_line == new_line), None)

    def line_code(self, line: DiffLine) -> str:
        digest = hashlib.sha1(self.new_path.encode("utf-8"), usedforsecurity=False).hexdigest()
        return f"{digest}_{line.old}_{line.new}"


def parse_hunks(diff: str) -> tuple[tuple[DiffLine, ...], tuple[tuple[int, int], ...]]:
    """The lines and the new-side ranges of a unified diff's hunks (GitLab's `diff` field).
    A hunk's body is counted off by its header, so a line of code may look like anything."""
    lines: list[DiffLine] = []
    ranges: list[tuple[int, int]] = []
    old = new = want_old = want_new = 0
    for text in diff.split("\n"):
        if not (want_old or want_new):
            match = _HUNK.match(text)
            if match is not None:
                old, new = int(match.group(1)), int(match.group(3))
                want_old = int(match.group(2)) if match.group(2) is not None else 1
                want_new = int(match.group(4)) if match.group(4) is not None else 1
                if want_new:
                    ranges.append((new, new + want_new - 1))
            continue
        kind = text[:1]
        if kind == "+" and want_new:
            lines.append(DiffLine("+", old, new, text[1:]))
            new, want_new = new + 1, want_new - 1
        elif kind == "-" and want_old:
            lines.append(DiffLine("-", old, new, text[1:]))
            old, want_old = old + 1, want_old - 1
        elif kind == " " and want_old and want_new:
            lines.append(DiffLine(" ", old, new, text[1:]))
            old, new, want_old, want_new = old + 1, new + 1, want_old - 1, want_new - 1
    return tuple(lines), tuple(ranges)


def file_diffs(entries: Iterable[Mapping[str, Any]]) -> dict[str, FileDiff]:
    """The files of a merge request version's `diffs`, by new path. A deleted file has no new
    lines to comment on, and a diff GitLab left out (too large, binary) none either."""
    files: dict[str, FileDiff] = {}
    for entry in entries:
        if entry.get("deleted_file"):
            continue
        new_path = str(entry.get("new_path") or "")
        lines, ranges = parse_hunks(str(entry.get("diff") or ""))
        # A new file is named on both sides (GitLab refuses an empty old_path).
        old_path = str(entry.get("old_path") or new_path)
        files[new_path] = FileDiff(old_path, new_path, lines, ranges)
    return files


def position(file: FileDiff, item: Inline, shas: Mapping[str, str]) -> dict[str, Any] | None:
    """The `position` of a discussion on `item`'s lines, or None when the diff lacks them."""
    end = file.at(item.line)
    if end is None:
        return None
    spot: dict[str, Any] = {
        "position_type": "text",
        **shas,
        "old_path": file.old_path,
        "new_path": file.new_path,
    }
    spot.update(_numbers(end))
    start = file.at(item.start_line) if item.start_line is not None else None
    if start is not None and start != end:
        spot["line_range"] = {"start": _end(file, start), "end": _end(file, end)}
    return spot


def _numbers(line: DiffLine) -> dict[str, int]:
    numbers = {"old_line": line.old_line, "new_line": line.new_line}
    return {key: value for key, value in numbers.items() if value is not None}


def _end(file: FileDiff, line: DiffLine) -> dict[str, Any]:
    # `type` is `new` for an added line, otherwise `old`, as the API's table says.
    kind = "new" if line.kind == "+" else "old"
    return {"line_code": file.line_code(line), "type": kind, **_numbers(line)}
