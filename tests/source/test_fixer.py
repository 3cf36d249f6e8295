"""`--fix` writes nothing outside the tree under review (source/fixer.py): not through a folder
that is a link, nor through a file that is one, nor at a path that names a place elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.result import Finding, Fix
from reviewer.source.fixer import apply_fixes
from tests.gitrepo import GitRepo

FAR = b"MARKER = 'far'\n"


def fixing(path: str) -> Finding:
    return Finding(path, 1, 1, "high", "bug", "t", "m", quote="MARKER = 'far'",
                   fix=Fix(("MARKER = 'far'",), ("MARKER = 'near'",)))  # fmt: skip


def test_no_fix_is_written_outside_the_repository(tmp_path: Path) -> None:
    far = tmp_path / "outside" / "secret.py"
    far.parent.mkdir()
    far.write_bytes(FAR)
    repo = GitRepo(tmp_path / "repo")
    repo.write("real.py", FAR.decode())
    os.symlink("../outside", repo.path / "outdir")  # a folder that is a link out
    os.symlink("../outside/secret.py", repo.path / "link.py")  # a file that is one
    os.symlink("real.py", repo.path / "near.py")  # a link that stays inside
    repo.commit()
    outward = ["outdir/secret.py", "link.py", "../outside/secret.py", str(far)]
    report = apply_fixes([fixing(path) for path in [*outward, "near.py"]], repo.path)
    assert far.read_bytes() == FAR  # byte for byte as it was
    assert [(f.path, why) for f, why in report.refused] == [
        (path, "outside the repository") for path in outward
    ]
    # Inside, a link stays a link and the file it names is fixed.
    assert [f.path for f in report.applied] == ["near.py"]
    assert (repo.path / "near.py").is_symlink()
    assert (repo.path / "real.py").read_bytes() == b"MARKER = 'near'\n"


def test_outside_a_repository_the_working_directory_is_the_tree(tmp_path: Path) -> None:
    far = tmp_path / "outside.py"
    far.write_bytes(FAR)
    plain = tmp_path / "plain"  # no repository around it
    plain.mkdir()
    os.symlink("../outside.py", plain / "link.py")
    report = apply_fixes([fixing("link.py")], plain)
    assert far.read_bytes() == FAR
    assert [why for _, why in report.refused] == ["outside the working directory"]
