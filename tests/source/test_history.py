"""Which commits of a pull request a posting run reviews (source/history.py), in real
repositories: those since the last review, all of them after a force push, none when nothing
is new; and never the files a merge from the base brought in."""

from __future__ import annotations

from pathlib import Path

from reviewer.source.excludes import Excludes
from reviewer.source.history import change_of, follow_span, texts_at
from reviewer.source.select import Selection, collect
from tests.gitrepo import GitRepo


def pull_request(repo: GitRepo) -> tuple[str, str]:
    """main with app.py; a branch `feature` with one commit; returns (base, first head)."""
    repo.write("app.py", "x = 1\n")
    base = repo.commit("base")
    repo.git("switch", "-q", "-c", "feature")
    repo.write("app.py", "x = 1\ny = 2\n")
    return base, repo.commit("first push")


def span(repo: GitRepo, base: str, head: str, last: str | None, full: bool = False):  # type: ignore[no-untyped-def]
    whole = f"{base}...{head}"
    return follow_span(whole, change_of(whole, repo.path), last, full, repo.path)


def test_a_new_push_reviews_the_commits_since_the_last_review(repo: GitRepo) -> None:
    base, first = pull_request(repo)
    repo.write("app.py", "x = 1\ny = 2\nz = 3\n")
    second = repo.commit("second push")
    found = span(repo, base, second, first)
    assert (found.scope, found.diff, found.within) == ("since", f"{first}..{second}",
                                                      f"{base}...{second}")  # fmt: skip
    assert found.head == second and found.paths == {"app.py"}
    units, _ = collect(Selection(diff=found.diff, within=found.within), repo.path,
                       excludes=Excludes([]), max_file_bytes=10_000, context_lines=3)  # fmt: skip
    assert [(u.path, sorted(u.change.added)) for u in units if u.change] == [("app.py", [3])]


def test_the_first_review_a_rerun_and_full_reviews(repo: GitRepo) -> None:
    base, first = pull_request(repo)
    assert span(repo, base, first, None).scope == "whole"
    again = span(repo, base, first, first)
    assert again.scope == "nothing new" and again.diff == f"{first}..{first}"
    full = span(repo, base, first, "0" * 40, full=True)
    assert (full.scope, full.diff) == ("full", f"{base}...{first}")


def test_after_a_force_push_the_whole_pull_request_is_reviewed(repo: GitRepo) -> None:
    base, first = pull_request(repo)
    repo.git("reset", "-q", "--hard", base)  # the branch rewritten: `first` is not in it
    repo.write("app.py", "x = 1\nw = 0\n")
    rewritten = repo.commit("force-pushed")
    found = span(repo, base, rewritten, first)
    assert (found.scope, found.diff, found.since) == ("rewritten", f"{base}...{rewritten}", first)
    gone = span(repo, base, rewritten, "f" * 40)  # a commit this clone never had
    assert gone.scope == "rewritten"


def test_files_a_merge_from_the_base_brought_in_are_not_reviewed(repo: GitRepo) -> None:
    _, first = pull_request(repo)
    repo.git("switch", "-q", "main")
    repo.write("lib.py", "from_main = True\n")
    base = repo.commit("on main")  # the pull request's base is the base branch's head now
    repo.git("switch", "-q", "feature")
    repo.git("merge", "-q", "--no-edit", "main")
    repo.write("app.py", "x = 1\ny = 2\nz = 3\n")
    head = repo.commit("after the merge")
    found = span(repo, base, head, first)
    units, _ = collect(Selection(diff=found.diff, within=found.within), repo.path,
                       excludes=Excludes([]), max_file_bytes=10_000, context_lines=3)  # fmt: skip
    assert [u.path for u in units] == ["app.py"]  # lib.py changed since `first`, not in the PR


def test_texts_at_a_commit(repo: GitRepo) -> None:
    _, first = pull_request(repo)
    assert texts_at(first, ["app.py", "gone.py"], Path(repo.path)) == {
        "app.py": ("x = 1", "y = 2"),
        "gone.py": None,
    }
