"""What the user asked to review, read into units: files whole from disk, or a change from git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.result import Skipped
from reviewer.source.changes import units_from_changes
from reviewer.source.excludes import Excludes
from reviewer.source.files import load_sources
from reviewer.source.unit import Unit


@dataclass(frozen=True)
class Selection:
    """Files whole, or the staged change, or a diff (of `files` only, when any are given)."""

    files: tuple[Path, ...] = ()
    staged: bool = False
    diff: str | None = None
    # How to fetch a commit missing from a shallow clone, in the CI this runs in.
    fetch_hint: str | None = None


def collect(
    selection: Selection, cwd: Path, *, excludes: Excludes, max_file_bytes: int, context_lines: int
) -> tuple[list[Unit], list[Skipped]]:
    """The units to review and the files skipped, with the reason."""
    if not selection.staged and selection.diff is None:
        if not selection.files:
            raise UsageError(
                "nothing to review: name files (reviewer FILE...), or use --staged or --diff REV"
            )
        return load_sources(selection.files, cwd, excludes, max_file_bytes)
    from reviewer.source.gitrepo import Repository  # deferred: gitpython, for diff modes only

    with Repository(cwd, selection.fetch_hint) as repo:
        comparison = repo.comparison(staged=selection.staged, diff=selection.diff)
        changes = repo.changes(comparison, repo.pathspecs(selection.files, cwd))
        return units_from_changes(
            changes, repo.new_content, excludes, context_lines, max_file_bytes
        )
