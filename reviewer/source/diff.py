"""Parsing `git diff --patch-with-raw -z -U0`: which files changed and how, and where.

The raw part (NUL-separated, so paths need no unquoting) names each file, its modes, blobs and
status; the patch part, in the same order, gives each file's hunks. Pure: bytes in, data out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

ZERO_SHA = "0" * 40
SUBMODULE_MODE = "160000"
SYMLINK_MODE = "120000"

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
# Each file's part of the patch starts with one of these (an unmerged path has no diff header).
_SECTION = re.compile(rb"^(?:diff --git |\* Unmerged path )", re.MULTILINE)


class DiffParseError(ValueError):
    """Output that is not what `git diff --patch-with-raw -z` writes."""


@dataclass(frozen=True)
class Hunk:
    """One hunk without context: `old_count` lines removed at `old_start`, `new_count` lines
    added at `new_start` (for a pure removal, `new_start` is the line before the removed ones)."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int
    removed: tuple[str, ...] = ()

    @property
    def added(self) -> range:
        return range(self.new_start, self.new_start + self.new_count)


@dataclass(frozen=True)
class FileChange:
    status: str  # A, M, D, R, C, T or U, as git's raw format spells them (without the score)
    path: str  # the new path (the old one for a deletion)
    old_path: str
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str  # ZERO_SHA when the new side is the work tree
    hunks: tuple[Hunk, ...] = ()
    binary: bool = False


def _path(raw: bytes) -> str:
    # Git stores paths as bytes; anything that is not UTF-8 is shown with replacement marks.
    return raw.decode("utf-8", "replace")


def _raw_entries(data: bytes) -> tuple[list[FileChange], int]:
    """The raw part: `:old new oldsha newsha STATUS\\0path\\0[newpath\\0]` per file."""
    changes: list[FileChange] = []
    pos = 0

    def token() -> bytes:
        nonlocal pos
        end = data.find(b"\0", pos)
        if end < 0:
            raise DiffParseError("truncated raw diff output")
        value, pos = data[pos:end], end + 1
        return value

    while data.startswith(b":", pos):
        fields = token()
        parts = fields[1:].split(b" ")
        if len(parts) != 5 or not parts[4]:
            raise DiffParseError(f"unexpected raw diff line: {fields[:80]!r}")
        old_mode, new_mode, old_sha, new_sha, status = (p.decode("ascii", "replace") for p in parts)
        old_path = path = token()
        if status[0] in "RC":  # a rename or copy names both paths
            path = token()
        changes.append(
            FileChange(
                status=status[0],
                path=_path(path),
                old_path=_path(old_path),
                old_mode=old_mode,
                new_mode=new_mode,
                old_sha=old_sha,
                new_sha=new_sha,
            )
        )
    if data.startswith(b"\0", pos):  # the separator between the raw part and the patch
        pos += 1
    return changes, pos


def _hunks(section: bytes) -> tuple[tuple[Hunk, ...], bool]:
    """The hunks of one file's patch, and whether git called it binary."""
    lines = section.split(b"\n")
    hunks: list[Hunk] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not hunks and line.startswith((b"Binary files ", b"GIT binary patch")):
            return (), True
        match = _HUNK.match(line)
        if match is None:
            continue
        old_start, old_count, new_start, new_count = (
            int(group) if group is not None else 1 for group in match.groups()
        )
        removed: list[str] = []
        want_old, want_new = old_count, new_count
        # Count the body off by the header's numbers: a line of code may look like anything.
        while (want_old or want_new) and i < len(lines):
            body = lines[i]
            i += 1
            mark, text = body[:1], body[1:]
            if mark == b"-" and want_old:
                removed.append(_text(text))
                want_old -= 1
            elif mark == b"+" and want_new:
                want_new -= 1
            elif mark == b" " and want_old and want_new:
                want_old -= 1
                want_new -= 1
            elif mark != b"\\":  # "\ No newline at end of file" counts for nothing
                raise DiffParseError(f"hunk body does not match its header: {line[:80]!r}")
        if want_old or want_new:
            raise DiffParseError(f"hunk cut short: {line[:80]!r}")
        hunks.append(Hunk(old_start, old_count, new_start, new_count, tuple(removed)))
    return tuple(hunks), False


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return text[:-1] if text.endswith("\r") else text


def parse_diff(data: bytes) -> list[FileChange]:
    """Every file in `git diff --patch-with-raw -z -U0` output, with its hunks."""
    changes, pos = _raw_entries(data)
    patch = data[pos:]
    starts = [match.start() for match in _SECTION.finditer(patch)]
    if len(starts) != len(changes):
        raise DiffParseError(
            f"the patch has {len(starts)} file sections for {len(changes)} changed files"
        )
    parsed: list[FileChange] = []
    ends = [*starts[1:], len(patch)] if starts else []
    for change, start, end in zip(changes, starts, ends, strict=True):
        hunks, binary = _hunks(patch[start:end])
        parsed.append(replace(change, hunks=hunks, binary=binary))
    return parsed
