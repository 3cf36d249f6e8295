"""Git, through gitpython: what changed between two states, and the new content of each file.

Only read-only commands run, with optional locks off, so a review inside a hook never touches the
index that `git commit` is holding. Every git failure becomes a UsageError that says what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.source.confine import OUTSIDE, confined, leads_out
from reviewer.source.diff import ZERO_SHA, DiffParseError, FileChange, parse_diff
from reviewer.source.files import repo_relative
from reviewer.source.unit import Unreadable

# Output that depends on nothing in the user's git config: no colour, no external diff or
# textconv (line numbers must be the blob's), renames found, paths from the root, full shas.
DIFF_ARGS = (
    "--patch-with-raw",
    "-z",
    "-U0",
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--no-abbrev",
    "--submodule=short",
)
FETCH_HINT = "fetch it (git fetch origin <branch>), or check out with fetch-depth: 0"
HISTORY_HINT = "fetch the history (git fetch --unshallow), or check out with fetch-depth: 0"


@dataclass(frozen=True)
class Comparison:
    """What to compare: `old` (None: HEAD's tree, as `git diff --cached` does) against `new`
    (None: the work tree, or the index when `staged`)."""

    old: str | None
    new: str | None
    staged: bool = False


def split_range(text: str) -> tuple[str, str | None, bool]:
    """`A...B` -> (A, B, True); `A..B` -> (A, B, False); `REV` -> (REV, None, False).
    An empty side means HEAD, as in git."""
    for separator, merge_base in (("...", True), ("..", False)):
        if separator in text:
            old, _, new = text.partition(separator)
            return old or "HEAD", new or "HEAD", merge_base
    return text, None, False


def _stderr(exc: Exception) -> str:
    text = str(getattr(exc, "stderr", "") or exc)
    match = re.search(r"stderr: '(.*)'", text, re.DOTALL)
    lines = [line.strip() for line in (match.group(1) if match else text).splitlines()]
    return next((line for line in lines if line), "git failed")


class Repository:
    def __init__(self, cwd: Path, fetch_hint: str | None = None) -> None:
        # How to deepen a shallow clone: the CI platform's own advice, when it has some.
        self._fetch_hint = fetch_hint or FETCH_HINT
        self._history_hint = fetch_hint or HISTORY_HINT
        try:
            import git  # deferred: whole-file reviews never pay for gitpython
        except ImportError:  # gitpython refuses to import without a git executable
            raise UsageError(
                "git is not installed (or not on PATH); install it, or name files to review"
            ) from None
        self._git = git
        try:
            self._repo = git.Repo(cwd, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise UsageError(
                f"not a git repository: {cwd} (nor any folder above it); run reviewer inside "
                "one, or name files to review them whole"
            ) from None
        # A hook runs while `git commit` holds the index lock: take no optional locks.
        self._repo.git.update_environment(GIT_OPTIONAL_LOCKS="0")
        tree = self._repo.working_tree_dir
        self.root = Path(os.path.realpath(tree)) if tree is not None else None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self._repo.close()  # ends gitpython's long-lived `git cat-file` processes

    def _run(self, *args: str) -> bytes:
        try:
            output: bytes = self._repo.git.execute(
                ["git", *args], stdout_as_string=False, strip_newline_in_stdout=False
            )
        except self._git.GitCommandError as exc:
            raise UsageError(f"git {args[0]}: {_stderr(exc)}") from None
        return output

    def _shallow(self) -> bool:
        return self._run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def resolve(self, rev: str) -> str:
        """The commit `rev` names, or a UsageError saying how to get it."""
        if not rev or rev.startswith("-"):  # never let a revision pass for an option
            raise UsageError(f"bad revision '{rev}': name a branch, tag or commit")
        try:
            output = self._repo.git.execute(
                ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]
            )
        except self._git.GitCommandError:
            output = ""
        if output.strip():
            return str(output).strip()
        if rev == "HEAD":
            raise UsageError("HEAD does not name a commit yet: the repository has no commits")
        if self._shallow():
            raise UsageError(f"unknown revision '{rev}' in this shallow clone: {self._fetch_hint}")
        raise UsageError(f"unknown revision '{rev}': check the name, or {self._fetch_hint}")

    def merge_base(self, old: str, new: str, label: str) -> str:
        try:
            output = self._repo.git.execute(["git", "merge-base", old, new])
        except self._git.GitCommandError:
            output = ""
        if output.strip():
            return str(output).strip()
        if self._shallow():
            raise UsageError(
                f"{label}: the merge base is not in this shallow clone; {self._history_hint}"
            )
        raise UsageError(f"{label}: the two sides share no history, so there is no merge base")

    def is_ancestor(self, old: str, new: str) -> bool:
        """Whether commit `old` is in `new`'s history (False when `old` is not here at all, as
        after a force push that dropped it)."""
        try:
            self._repo.git.execute(["git", "merge-base", "--is-ancestor", old, new])
        except self._git.GitCommandError:
            return False
        return True

    def text_at(self, commit: str, path: str) -> str | None:
        """A file's text at a commit; None when it is not there."""
        try:
            data = self._run("cat-file", "blob", f"{commit}:{path}")
        except UsageError:
            return None
        return data.decode("utf-8", "replace")

    def comparison(self, *, staged: bool, diff: str | None) -> Comparison:
        if staged:
            if self.root is None:
                raise UsageError("--staged needs a work tree; this repository is bare")
            return Comparison(None, None, staged=True)
        assert diff is not None
        old, new, merge_base = split_range(diff)
        if new is None:
            if self.root is None:
                raise UsageError(f"--diff {diff} compares with the work tree; this one is bare")
            return Comparison(self.resolve(old), None)
        old_sha, new_sha = self.resolve(old), self.resolve(new)
        if merge_base:
            old_sha = self.merge_base(old_sha, new_sha, diff)
        return Comparison(old_sha, new_sha)

    def pathspecs(self, files: Sequence[Path], cwd: Path) -> list[str]:
        """FILE arguments as literal pathspecs from the root; [] means every file."""
        if self.root is None:
            return [f":(literal){Path(file).as_posix()}" for file in files]
        specs = []
        for file in files:
            relative = repo_relative(file, cwd, self.root)
            if relative is None:
                raise UsageError(f"{file} is outside the repository at {self.root}")
            if relative == ".":
                return []
            specs.append(f":(literal){relative}")
        return specs

    def changes(self, comparison: Comparison, pathspecs: Sequence[str]) -> list[FileChange]:
        sides = [side for side in (comparison.old, comparison.new) if side is not None]
        args = ["diff", *DIFF_ARGS, *(["--cached"] if comparison.staged else []), *sides]
        if pathspecs:
            args += ["--", *pathspecs]
        try:
            return parse_diff(self._run(*args))
        except DiffParseError as exc:  # never expected: say so rather than guess
            raise UsageError(f"cannot read git's diff output ({exc}); please report this") from None

    def new_content(self, change: FileChange) -> bytes:
        """The file as the change leaves it: a blob, or the work-tree file when git has none.
        A work-tree file is read only where it really is inside the repository (Unreadable
        otherwise): git lists no file past a symbolic link, and this holds even if it did, or
        if a folder became a link while the review ran."""
        if change.new_sha != ZERO_SHA:
            stream = self._repo.odb.stream(bytes.fromhex(change.new_sha))
            data: bytes = stream.read()
            return data
        assert self.root is not None
        inside = confined(self.root / change.path, self.root)
        if inside is None:
            raise Unreadable(OUTSIDE, leads_out("the repository"))
        return inside.read_bytes()
