"""Whole files from disk: paths as users and GitHub name them, and each file that cannot be
reviewed skipped with its reason, or refused before anything is sent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewer.errors import UsageError
from reviewer.source.excludes import Excludes
from reviewer.source.files import display_path, load_sources, repository_root


def test_files_become_units_with_lines_split_as_git_numbers_them(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"x = 1\r\ny = '\x0c'\nz = 3")
    units, skipped = load_sources([Path("a.py")], tmp_path, Excludes([]))
    assert skipped == []
    [unit] = units
    assert unit.path == "a.py"
    assert unit.lines == ("x = 1", "y = '\x0c'", "z = 3")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\xff\xfe\x00x", "binary"), (b"caf\xe9\n", "not UTF-8 text"),
     (b"a\n<<<<<<< HEAD\nb\n", "unresolved conflict markers"), (b"x" * 200, "too large")],
)  # fmt: skip
def test_unreadable_files_are_skipped_with_the_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "f.py").write_bytes(content)
    units, skipped = load_sources([Path("f.py")], tmp_path, Excludes([]), max_bytes=100)
    assert units == []
    assert [s.reason for s in skipped] == [reason]


def test_excluded_files_and_symlinks_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text("x\n")
    (tmp_path / "real.py").write_text("x = 1\n")
    os.symlink(tmp_path / "real.py", tmp_path / "link.py")
    _, skipped = load_sources([Path("uv.lock"), Path("link.py")], tmp_path, Excludes(["*.lock"]))
    assert [(s.path, s.reason) for s in skipped] == [
        ("uv.lock", "excluded"),
        ("link.py", "symlink"),
    ]


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.py: no such file"):
        load_sources([Path("nope.py")], tmp_path, Excludes([]))


def test_a_folder_outside_a_repository_holds_what_its_gitignore_files_do_not_ignore(
    tmp_path: Path,
) -> None:
    (tmp_path / "src" / "deep" / "build").mkdir(parents=True)
    (tmp_path / "src" / ".gitignore").write_text("*.log\nbuild/\n")
    (tmp_path / "src" / "deep" / ".gitignore").write_text("secret.py\n")
    for name in ("a.py", "run.log", "deep/b.py", "deep/secret.py", "deep/build/c.py"):
        (tmp_path / "src" / name).write_text("x = 1\n")
    (tmp_path / "src" / "deep" / "blob.bin").write_bytes(b"\0\0")
    units, skipped = load_sources([Path("src")], tmp_path, Excludes([]))
    assert [u.path for u in units] == ["src/.gitignore", "src/a.py", "src/deep/.gitignore",
                                       "src/deep/b.py"]  # fmt: skip
    # Found in a folder, a file that cannot be read as text is skipped, not named: no failure.
    assert [(s.path, s.reason, s.unreviewable) for s in skipped] == [
        ("src/deep/blob.bin", "binary", False)
    ]


def test_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    inner = tmp_path / "pkg" / "sub"
    inner.mkdir(parents=True)
    assert repository_root(inner) == tmp_path.resolve()
    root = repository_root(inner)
    assert display_path(Path("m.py"), inner, root) == "pkg/sub/m.py"
    assert display_path(Path("../../top.py"), inner, root) == "top.py"
    assert display_path(Path("/elsewhere/x.py"), inner, root) == "/elsewhere/x.py"
    assert display_path(Path("x.py"), inner, None) == "x.py"


def _outside(tmp_path: Path) -> Path:
    """A folder beside the tree under review, holding secret.py."""
    far = tmp_path / "outside"
    far.mkdir()
    (far / "secret.py").write_text("MARKER = 'far'\n")
    return far


def test_a_path_through_a_link_out_of_the_repository_is_skipped_unread(tmp_path: Path) -> None:
    from tests.gitrepo import GitRepo

    far = _outside(tmp_path)
    repo = GitRepo(tmp_path / "repo")
    repo.write("src/a.py", "x = 1\n")
    os.symlink("../outside", repo.path / "outdir")
    os.symlink("src", repo.path / "near")  # a link that stays inside leads nowhere wrong
    repo.commit()
    named = ["outdir", "outdir/secret.py", str(repo.path / "outdir" / "secret.py"), "near/a.py"]
    units, skipped = load_sources([Path(p) for p in named], repo.path, Excludes([]))
    assert [unit.path for unit in units] == ["src/a.py"]
    assert [(s.path, s.reason, s.named, s.unreviewable) for s in skipped] == [
        ("outdir", "outside the repository", True, True),
        ("outdir/secret.py", "outside the repository", True, True),
        (str(repo.path / "outdir" / "secret.py"), "outside the repository", True, True),
    ]
    assert {s.why for s in skipped} == {"a symbolic link on its path leads out of the repository"}
    # Named by where it really is, outside the repository, it is the user's own choice.
    units, skipped = load_sources([far / "secret.py", Path("../outside")], repo.path, Excludes([]))
    assert [unit.path for unit in units] == [str(far / "secret.py"), "../outside/secret.py"]
    assert skipped == []


def test_outside_a_repository_paths_stay_in_the_working_directory(tmp_path: Path) -> None:
    _outside(tmp_path)
    plain = tmp_path / "plain"
    (plain / "src").mkdir(parents=True)
    (plain / "src" / "a.py").write_text("x = 1\n")
    os.symlink("../outside", plain / "vendor")
    os.symlink("../../outside", plain / "src" / "vendor")  # inside a folder: not walked into
    units, skipped = load_sources(
        [Path("vendor"), Path("vendor/secret.py"), Path("src")], plain, Excludes([])
    )
    assert [unit.path for unit in units] == ["src/a.py"]
    assert [(s.path, s.reason, s.why) for s in skipped] == [
        ("vendor", "outside the repository",
         "a symbolic link on its path leads out of the working directory"),
        ("vendor/secret.py", "outside the repository",
         "a symbolic link on its path leads out of the working directory"),
    ]  # fmt: skip
