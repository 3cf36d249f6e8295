"""Paths the repository names stay inside it: resolved with every symlink followed (a committed
link to a folder may lead anywhere), then checked against the root, itself resolved. Pure
apart from reading the links."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.contract import SkipReason

# Why a file is not read, or not written: following its path's links leads out of the tree.
OUTSIDE: SkipReason = "outside the repository"


def real(path: Path) -> Path:
    """`path` made absolute with every symlink on its way followed (it need not exist)."""
    return Path(os.path.realpath(path))


def confined(path: Path, root: Path) -> Path | None:
    """Where `path` really is, when that is inside `root`; None when it leads outside."""
    found, top = os.path.realpath(path), os.path.realpath(root)
    # Compared as text: called for every file of a folder, and Path.parents is slow.
    if found == top or found.startswith(top.rstrip(os.sep) + os.sep):
        return Path(found)
    return None


def leads_out(where: str) -> str:
    """The detail of an OUTSIDE skip: the tree is named, never the place the link leads to (a
    report may be posted where the repository's authors read it)."""
    return f"a symbolic link on its path leads out of {where}"


def named_as(root: Path, cwd: Path) -> Path:
    """`root` (resolved) as `cwd` names it: the same folder without its links resolved, so that
    a path can be told inside the tree by its name, before any of its own links is followed."""
    here = Path(os.path.abspath(cwd))
    for folder in (here, *here.parents):
        if real(folder) == real(root):
            return folder
    return root


def named_inside(path: Path, root: Path, cwd: Path) -> bool:
    """Whether `path` (relative to `cwd`) is, by its name alone, inside the tree at `root`: then
    whatever its links say, it must really be there too."""
    full = Path(os.path.abspath(cwd / path))
    return any(full == top or top in full.parents for top in {real(root), named_as(root, cwd)})
