"""What the user asked for, read into units: files whole, or a change from git."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import UsageError
from reviewer.result import Skipped
from reviewer.source.excludes import Excludes
from reviewer.source.select import Selection, collect
from reviewer.source.unit import Unit
from tests.gitrepo import GitRepo


def _collect(selection: Selection) -> tuple[list[Unit], list[Skipped]]:
    return collect(
        selection, Path.cwd(), excludes=Excludes(["*.lock"]), max_file_bytes=1000, context_lines=3
    )


def test_nothing_named_is_a_usage_error_that_says_what_to_name() -> None:
    with pytest.raises(UsageError, match=r"name files \(reviewer FILE\.\.\.\)"):
        _collect(Selection())


def test_files_are_read_whole_and_a_change_from_git(repo: GitRepo) -> None:
    repo.write("a.py", "x = 1\ny = 2\n")
    repo.stage("a.py")
    repo.commit("start")
    repo.write("a.py", "x = 1\ny = 3\n")
    repo.write("uv.lock", "lock\n")
    whole, _ = _collect(Selection((Path("a.py"),)))
    assert [(unit.path, unit.change) for unit in whole] == [("a.py", None)]
    repo.stage("a.py", "uv.lock")
    units, skipped = _collect(Selection(staged=True))
    assert [unit.path for unit in units] == ["a.py"]
    assert units[0].change is not None and units[0].change.added == frozenset({2})
    assert [(s.path, s.reason) for s in skipped] == [("uv.lock", "excluded")]
