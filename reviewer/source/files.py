"""Files reviewed whole, read from disk: each one a unit, or a reason to skip it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePath

from reviewer.errors import UsageError
from reviewer.result import Skipped
from reviewer.source.excludes import Excludes
from reviewer.source.unit import DEFAULT_MAX_BYTES, Unit, Unreadable, decode, split_lines


def repository_root(start: Path) -> Path | None:
    """The nearest folder up from `start` holding `.git` (a folder, or a file in a worktree)."""
    here = Path(os.path.realpath(start))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_relative(path: Path, cwd: Path, root: Path) -> str | None:
    """`path` relative to the repository root, or None when it lies outside."""
    full = Path(os.path.abspath(cwd / path))
    # The folder resolved, the name kept: a symlink named by the user stays itself.
    for real in (Path(os.path.realpath(full.parent)) / full.name, Path(os.path.realpath(full))):
        try:
            return real.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def display_path(path: Path, cwd: Path, root: Path | None) -> str:
    """Relative to the repository root inside one (as GitHub names files), else as given."""
    relative = repo_relative(path, cwd, root) if root is not None else None
    return relative if relative is not None else PurePath(path).as_posix()


def load_sources(
    paths: Sequence[Path], cwd: Path, excludes: Excludes, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Unit], list[Skipped]]:
    """Read every path; a missing path or a folder is a usage error before anything is sent."""
    root = repository_root(cwd)
    units: list[Unit] = []
    skipped: list[Skipped] = []
    for path in paths:
        full = path if path.is_absolute() else cwd / path
        shown = display_path(path, cwd, root)
        if full.is_dir():
            given = PurePath(path).as_posix()
            raise UsageError(f"{given} is a folder; name the files to review (e.g. {given}/*.py)")
        if not full.exists():
            raise UsageError(f"{shown}: no such file")
        pattern = excludes.match(shown)
        if pattern is not None:
            skipped.append(Skipped(shown, "excluded", f"matches '{pattern}'"))
            continue
        if full.is_symlink():
            # As in diff mode: a link may lead anywhere, even out of the repository.
            skipped.append(Skipped(shown, "symlink", "name the file it points to"))
            continue
        try:
            text = decode(full.read_bytes(), max_bytes)
        except FileNotFoundError:
            raise UsageError(f"{shown}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{shown}: cannot read: {exc.strerror}") from None
        except Unreadable as exc:
            skipped.append(Skipped(shown, exc.reason, exc.detail))
            continue
        units.append(Unit(shown, tuple(split_lines(text))))
    return units, skipped
