"""Files reviewed whole, read from disk: each one a unit, or a reason to skip it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePath

from reviewer.errors import UsageError
from reviewer.result import Skipped
from reviewer.source.confine import OUTSIDE, confined, leads_out, named_inside, real
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
    for candidate in (real(full.parent) / full.name, real(full)):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def display_path(path: Path, cwd: Path, root: Path | None) -> str:
    """Relative to the repository root inside one (as GitHub names files), else as given."""
    relative = repo_relative(path, cwd, root) if root is not None else None
    return relative if relative is not None else PurePath(path).as_posix()


def _git_files(folder: Path, cwd: Path) -> list[Path]:
    """The tracked and untracked-not-ignored files under `folder`, as git lists them."""
    import git  # deferred: gitpython, only for folders in a repository

    listed = git.cmd.Git(str(cwd / folder)).ls_files("-z", "-co", "--exclude-standard", "--", ".")
    return sorted(folder / name for name in listed.split("\0") if name)


def _walked_files(folder: Path, cwd: Path) -> list[Path]:
    """Every file under `folder` that no `.gitignore` on its way ignores (outside a repository)."""
    import pathspec  # deferred: only for folders outside a repository

    found: list[Path] = []
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for here, folders, names in os.walk(cwd / folder):
        base = Path(here)
        ignore = base / ".gitignore"
        if ignore.is_file():
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
            specs.append((base, pathspec.GitIgnoreSpec.from_lines(lines)))

        def ignored(path: Path, is_folder: bool) -> bool:
            for where, spec in specs:
                if where in path.parents:
                    relative = path.relative_to(where).as_posix() + ("/" if is_folder else "")
                    if spec.match_file(relative):
                        return True
            return False

        folders[:] = sorted(f for f in folders if f != ".git" and not ignored(base / f, True))
        found += [base / n for n in sorted(names) if not ignored(base / n, False)]
    return [folder / path.relative_to(cwd / folder) for path in found]


def files_under(folder: Path, cwd: Path) -> list[Path]:
    """The files a folder holds, as ruff finds them: in a git repository the tracked and the
    untracked-not-ignored ones; elsewhere every file `.gitignore` does not ignore."""
    if repository_root(cwd / folder) is not None:
        return _git_files(folder, cwd)
    return _walked_files(folder, cwd)


def _own_tree(folder: Path) -> tuple[Path, str]:
    """The tree of a folder the user named outside the working tree: its repository, else the
    folder itself."""
    root = repository_root(folder)
    if root is not None:
        return root, "its repository"
    return real(folder), "the folder named"


def load_sources(
    paths: Sequence[Path], cwd: Path, excludes: Excludes, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Unit], list[Skipped]]:
    """Read every path, and every file under the folders among them. A missing path is a usage
    error before anything is sent; a named file that cannot be read as text is skipped as
    `named` (the gate fails); what a folder holds is skipped quietly.

    No path leads out of its tree once its links are followed (a committed link to a folder
    elsewhere would send what it leads to): the tree is the repository around `cwd`, or outside
    one the working directory (where the code under review is taken to be). A path inside the
    tree by its name must really be inside it; a file the user named outside it
    (`reviewer /tmp/x.py`) is theirs to name, and a folder named so holds its files to its own
    repository, or to itself. A path that leads out is skipped unread as OUTSIDE (a named one
    fails the gate); a folder that does is never walked, since it may lead to all of `/`."""
    root = repository_root(cwd)
    tree = (root, "the repository") if root is not None else (real(cwd), "the working directory")
    units: list[Unit] = []
    skipped: list[Skipped] = []
    wanted: list[tuple[Path, bool]] = []
    # What each path must stay inside, as (resolved root, its name for people); none for a file
    # the user named outside the tree.
    bounds: dict[Path, set[tuple[Path, str]]] = {}
    for path in paths:
        full = path if path.is_absolute() else cwd / path
        inside = named_inside(path, tree[0], cwd)
        if full.is_dir():
            bound = tree if inside else _own_tree(full)
            if confined(full, bound[0]) is None:
                shown = display_path(path, cwd, root)
                skipped.append(Skipped(shown, OUTSIDE, leads_out(bound[1]), True))
                continue
            for found in files_under(path, cwd):
                wanted.append((found, False))
                bounds.setdefault(found, set()).add(bound)
        elif not full.exists() and not full.is_symlink():
            raise UsageError(f"{display_path(path, cwd, root)}: no such file")
        else:
            wanted.append((path, True))
            bounds.setdefault(path, set()).update([tree] if inside else [])
    named_paths = {path for path, named in wanted if named}
    for path in dict.fromkeys(path for path, _ in wanted):
        named = path in named_paths
        full = path if path.is_absolute() else cwd / path
        shown = display_path(path, cwd, root)
        pattern = excludes.match(shown)
        if pattern is not None:
            skipped.append(Skipped(shown, "excluded", f"matches '{pattern}'"))
            continue
        if full.is_symlink():
            # As in diff mode: a link may lead anywhere, even out of the repository.
            skipped.append(Skipped(shown, "symlink", "name the file it points to", named))
            continue
        out = next((where for top, where in bounds[path] if confined(full, top) is None), None)
        if out is not None:  # a folder on its path is a link that leads out
            skipped.append(Skipped(shown, OUTSIDE, leads_out(out), named))
            continue
        try:
            text = decode(full.read_bytes(), max_bytes)
        except FileNotFoundError:
            if named:
                raise UsageError(f"{shown}: no such file") from None
            continue  # deleted since git listed it
        except OSError as exc:
            skipped.append(Skipped(shown, "cannot read", exc.strerror or str(exc), named))
            continue
        except Unreadable as exc:
            skipped.append(Skipped(shown, exc.reason, exc.detail, named))
            continue
        units.append(Unit(shown, tuple(split_lines(text))))
    return units, skipped
