"""From git's changed files to units, and each file that cannot be reviewed with its reason."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.source.changes import units_from_changes
from reviewer.source.diff import SUBMODULE_MODE, SYMLINK_MODE, ZERO_SHA, FileChange, Hunk
from reviewer.source.excludes import Excludes
from tests.gitrepo import GitRepo

FILE = "100644"


def _change(path: str, status: str = "M", **fields: object) -> FileChange:
    values: dict[str, object] = {
        "status": status, "path": path, "old_path": path, "old_mode": FILE, "new_mode": FILE,
        "old_sha": "1" * 40, "new_sha": ZERO_SHA, "hunks": (Hunk(1, 1, 1, 1, ("old",)),),
    }  # fmt: skip
    values.update(fields)
    return FileChange(**values)  # type: ignore[arg-type]


CONTENT = {"app.py": b"new = 1\nkept = 2\n", "bin.dat": b"\0\1\2", "huge.py": b"x" * 50}


def _read(change: FileChange) -> bytes:
    if change.path == "gone.py":
        raise FileNotFoundError(2, "No such file or directory")
    return CONTENT[change.path]


def test_each_change_is_a_unit_or_a_skip_with_its_reason() -> None:
    changes = [
        _change("app.py"),
        _change("old.py", "D"),
        _change("conflict.py", "U"),
        _change("lib", new_mode=SUBMODULE_MODE),
        _change("link", new_mode=SYMLINK_MODE),
        _change("img.png", binary=True),
        _change("moved.py", "R", old_path="was.py", hunks=()),
        _change("run.sh", old_mode="100755", hunks=()),
        _change("uv.lock"),
        _change("bin.dat"),
        _change("huge.py"),
        _change("gone.py"),
    ]
    units, skipped = units_from_changes(changes, _read, Excludes(["*.lock"]), 3, max_bytes=20)
    assert [unit.path for unit in units] == ["app.py"]
    assert units[0].change is not None and units[0].change.added == frozenset({1})
    assert [(s.path, s.reason, s.detail) for s in skipped] == [
        ("old.py", "deleted", ""),
        ("conflict.py", "unmerged", "resolve the conflict first"),
        ("lib", "submodule", ""),
        ("link", "symlink", ""),
        ("img.png", "binary", ""),
        ("moved.py", "no lines changed", "renamed from was.py"),
        ("run.sh", "no lines changed", "mode change only"),
        ("uv.lock", "excluded", "matches '*.lock'"),
        ("bin.dat", "binary", ""),
        ("huge.py", "too large", "0.0 MB; max_file_bytes is 0.0 MB"),
        ("gone.py", "cannot read", "No such file or directory"),
    ]


def test_a_deleted_file_is_listed_as_deleted_even_when_excluded() -> None:
    _, skipped = units_from_changes([_change("a.lock", "D")], _read, Excludes(["*.lock"]), 3)
    assert [s.reason for s in skipped] == ["deleted"]


def test_a_work_tree_file_past_a_link_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    """Git lists no file past a symbolic link; were one listed anyway (or a folder made a link
    while the review runs), what it leads to outside is not read."""
    from reviewer.source.gitrepo import Repository

    far = tmp_path / "outside" / "secret.py"
    far.parent.mkdir()
    far.write_text("MARKER = 'far'\n")
    repo = GitRepo(tmp_path / "repo")
    repo.write("app.py", "x = 1\n")
    os.symlink("../outside", repo.path / "outdir")
    repo.commit()
    with Repository(repo.path) as git:
        units, skipped = units_from_changes(
            [_change("outdir/secret.py"), _change("app.py")], git.new_content, Excludes([]), 3
        )
    assert [unit.path for unit in units] == ["app.py"]  # the work tree inside is still read
    assert [(s.path, s.reason, s.detail) for s in skipped] == [
        ("outdir/secret.py", "outside the repository",
         "a symbolic link on its path leads out of the repository"),
    ]  # fmt: skip
