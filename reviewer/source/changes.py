"""From git's list of changed files to units to review, and the files skipped with the reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewer.contract import SkipReason
from reviewer.result import Skipped
from reviewer.source.diff import SUBMODULE_MODE, SYMLINK_MODE, FileChange
from reviewer.source.excludes import Excludes
from reviewer.source.unit import DEFAULT_MAX_BYTES, Unit, Unreadable, decode, split_lines
from reviewer.source.view import view_of


def _skip_reason(change: FileChange) -> tuple[SkipReason, str] | None:
    """Why a change cannot be reviewed without reading it, as (reason, detail)."""
    if change.status == "D":
        return "deleted", ""
    if change.status == "U":
        return "unmerged", "resolve the conflict first"
    if change.new_mode == SUBMODULE_MODE:
        return "submodule", ""
    if change.new_mode == SYMLINK_MODE:
        return "symlink", ""
    if change.binary:
        return "binary", ""
    if not change.hunks:
        if change.status == "R":
            return "no lines changed", f"renamed from {change.old_path}"
        return "no lines changed", "mode change only" if change.old_mode != change.new_mode else ""
    return None


def units_from_changes(
    changes: Sequence[FileChange],
    read: Callable[[FileChange], bytes],
    excludes: Excludes,
    context_lines: int,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[Unit], list[Skipped]]:
    units: list[Unit] = []
    skipped: list[Skipped] = []
    for change in changes:
        pattern = excludes.match(change.path) if change.status != "D" else None
        reason: tuple[SkipReason, str] | None = (
            ("excluded", f"matches '{pattern}'") if pattern else _skip_reason(change)
        )
        if reason is not None:
            skipped.append(Skipped(change.path, *reason))
            continue
        try:
            text = decode(read(change), max_bytes)
        except Unreadable as exc:
            skipped.append(Skipped(change.path, exc.reason, exc.detail))
            continue
        except OSError as exc:  # the work tree moved under us
            skipped.append(Skipped(change.path, "cannot read", exc.strerror or ""))
            continue
        lines = split_lines(text)
        units.append(Unit(change.path, tuple(lines), view_of(lines, change.hunks, context_lines)))
    return units, skipped
