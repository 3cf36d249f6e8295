"""Which commits of a pull or merge request a run reviews: those since the last review, when
that review's head is still in the branch's history; otherwise all of them. Git, read-only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reviewer.errors import UsageError
from reviewer.source.gitrepo import Repository, split_range
from reviewer.source.unit import split_lines

# whole: no earlier review; full: asked for (--full); since: the commits since the last review;
# nothing new: the last review was of this head; rewritten: the last head is gone (force push).
Scope = Literal["whole", "full", "since", "nothing new", "rewritten"]


@dataclass(frozen=True)
class Span:
    diff: str  # the range to review
    within: str | None  # only the files that this range (the whole change) touches
    head: str  # the head commit reviewed
    scope: Scope
    since: str | None  # the last reviewed head, when there was one
    paths: frozenset[str]  # the files of the whole change


def change_of(whole: str, cwd: Path, hint: str | None = None) -> tuple[str, frozenset[str]]:
    """The head commit of the change `whole` (A...B) and the files it touches; a UsageError
    (saying how to fetch what is missing) when git cannot tell."""
    _, new, _ = split_range(whole)
    if new is None:
        raise UsageError(f"--diff {whole} ends in the work tree: a pull request is commits")
    with Repository(cwd, hint) as repo:
        head = repo.resolve(new)
        changes = repo.changes(repo.comparison(staged=False, diff=whole), [])
    return head, frozenset(change.path for change in changes)


def follow_span(
    whole: str, change: tuple[str, frozenset[str]], last: str | None, full: bool, cwd: Path
) -> Span:
    """What to review of the change `whole` (its head and files in `change`), given the head
    `last` reviewed before."""
    head, paths = change
    if last is None or full:
        return Span(whole, None, head, "full" if full else "whole", last, paths)
    if last == head:
        return Span(f"{head}..{head}", None, head, "nothing new", last, paths)
    with Repository(cwd) as repo:
        kept = repo.is_ancestor(last, head)
    if not kept:
        return Span(whole, None, head, "rewritten", last, paths)
    return Span(f"{last}..{head}", whole, head, "since", last, paths)


def texts_at(commit: str, paths: Iterable[str], cwd: Path) -> dict[str, tuple[str, ...] | None]:
    """Each file's lines at `commit` (None: not there)."""
    with Repository(cwd) as repo:
        texts = {path: repo.text_at(commit, path) for path in set(paths)}
    return {
        path: None if text is None else tuple(split_lines(text)) for path, text in texts.items()
    }
