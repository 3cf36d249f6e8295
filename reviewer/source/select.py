"""What the user asked to review, read into units: files whole from disk, or a change from git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.result import Skipped
from reviewer.source.changes import units_from_changes
from reviewer.source.excludes import Excludes
from reviewer.source.files import load_sources
from reviewer.source.shards import Shard, in_shard, sizes_of
from reviewer.source.unit import Unit, Unreadable, decode, split_lines


@dataclass(frozen=True)
class Selection:
    """Files whole, or the staged change, or a diff (of `files` only, when any are given)."""

    files: tuple[Path, ...] = ()
    staged: bool = False
    diff: str | None = None
    # How to fetch a commit missing from a shallow clone, in the CI this runs in.
    fetch_hint: str | None = None
    # Code read from standard input (`reviewer - --stdin-filename PATH`): (PATH, its bytes).
    stdin: tuple[str, bytes] | None = None
    # In a pre-commit hook: with nothing staged (`pre-commit run --all-files`), review the
    # files given whole rather than pass having reviewed nothing.
    whole_if_unstaged: bool = False
    # Only the files this range changes (a pull request's), when a narrower --diff (its commits
    # since the last review) also touches others, such as those of a merge from the base.
    within: str | None = None
    # Only this part of the selection (`--shard I/N`), the same split in every shard's job.
    shard: Shard | None = None

    def may_audit(self, cwd: Path) -> bool:
        """Whether whole files read from this are an audit (a folder, or every file a hook was
        given): its size is said before anything is sent, and capped by folder_max_requests."""
        return self.whole_if_unstaged or any((cwd / path).is_dir() for path in self.files)


def _stdin_unit(path: str, data: bytes, max_file_bytes: int) -> Unit:
    try:
        text = decode(data, max_file_bytes)
    except Unreadable as exc:
        detail = f": {exc.detail}" if exc.detail else ""
        raise UsageError(
            f"standard input ({path}) cannot be reviewed: {exc.reason}{detail}"
        ) from None
    return Unit(path, tuple(split_lines(text)))


def collect(
    selection: Selection, cwd: Path, *, excludes: Excludes, max_file_bytes: int, context_lines: int
) -> tuple[list[Unit], list[Skipped]]:
    """The units to review and the files skipped, with the reason."""
    if selection.stdin is not None:
        return [_stdin_unit(*selection.stdin, max_file_bytes)], []
    if not selection.staged and selection.diff is None:
        if not selection.files:
            raise UsageError(
                "nothing to review: name files (reviewer FILE...), or use --staged or --diff REV"
            )
        return load_sources(selection.files, cwd, excludes, max_file_bytes)
    from reviewer.source.gitrepo import Repository  # deferred: gitpython, for diff modes only

    with Repository(cwd, selection.fetch_hint) as repo:
        comparison = repo.comparison(staged=selection.staged, diff=selection.diff)
        pathspecs = repo.pathspecs(selection.files, cwd)
        changes = repo.changes(comparison, pathspecs)
        if selection.within is not None:
            whole = repo.comparison(staged=False, diff=selection.within)
            keep = {change.path for change in repo.changes(whole, pathspecs)}
            changes = [change for change in changes if change.path in keep]
        if not changes and selection.staged and selection.whole_if_unstaged:
            return load_sources(selection.files, cwd, excludes, max_file_bytes)
        return units_from_changes(
            changes, repo.new_content, excludes, context_lines, max_file_bytes
        )


def sharded(
    selection: Selection, units: list[Unit], skipped: list[Skipped]
) -> tuple[list[Unit], list[Skipped]]:
    """The units and skipped files of the selection's shard (all of them when unsharded)."""
    if selection.shard is None:
        return units, skipped
    sizes = sizes_of([(unit.path, unit.size) for unit in units])
    sizes.update({item.path: 0 for item in skipped if item.path not in sizes})
    mine = in_shard(sizes, selection.shard)
    return [u for u in units if u.path in mine], [s for s in skipped if s.path in mine]
