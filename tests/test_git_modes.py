"""--staged and --diff against real repositories: what is reviewed, what is skipped, and where the
findings land."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, error, issue, named_files, review_json
from tests.gitrepo import GitRepo
from tests.source.test_diff import STATS

Cli = Callable[..., Run]
OLD_STATS = [
    "        return total / len(self.values)" if line.endswith("- 1)") else line
    for line in STATS
    if "mid = " not in line
]


def text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def planned(run: Run) -> dict[str, Any]:
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    return {
        "units": {unit["path"]: unit["messages"][1]["content"] for unit in document["units"]},
        "skipped": document["skipped"],
    }


@pytest.fixture
def stats(repo: GitRepo) -> GitRepo:
    """A repository whose one commit holds stats.py; the work tree and index are clean."""
    repo.write("stats.py", text(OLD_STATS))
    repo.commit("base")
    return repo


def test_staged_review_sees_the_index_with_new_line_numbers(cli: Cli, stats: GitRepo) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    stats.write("stats.py", "# an unstaged edit the review must not see\n" + text(STATS))
    plan = planned(cli("--staged", "--dry-run", "--format", "json"))
    prompt = plan["units"]["stats.py"]
    assert "change to one file (Python, 20 lines after the change)" in prompt
    assert named_files(prompt) == ["stats.py"]
    view = re.split(r"<diff-\w+>\n", prompt)[1].split("\n</diff-")[0].splitlines()
    assert view[:4] == [
        " 8  |     def mean(self):",
        " 9  |         total = sum(self.values)",
        "   -|         return total / len(self.values)",
        "10 +|         return total / (len(self.values) - 1)",
    ]
    assert "15 +|         mid = (low + high) // 2" in view
    assert "unstaged edit" not in prompt


def test_findings_off_the_change_are_filtered_and_counted(
    cli: Cli, fake: FakeAPI, stats: GitRepo
) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    issues = [
        issue(15, "On the change", quote="mid = (low + high) // 2"),
        issue(19, "Elsewhere", quote="def root(x):"),
    ]
    fake.add(chat(review_json(6, "Changed.", issues)))
    run = cli("--staged", "--format", "json")
    document = json.loads(run.stdout)
    assert [(f["path"], f["line"]) for f in document["findings"]] == [("stats.py", 15)]
    assert document["dropped"] == {"outside the change": 1}
    assert run.exit_code == 1  # the high finding on the change fails the gate


@pytest.mark.parametrize(
    ("mode", "lines"),
    [("added", [10]), ("diff_context", [8, 10]), ("file", [1, 8, 10]), ("nofilter", [1, 8, 10])],
)
def test_filter_modes_choose_which_findings_are_reported(
    cli: Cli, fake: FakeAPI, stats: GitRepo, mode: str, lines: list[int]
) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    quotes = {1: "import math", 8: "def mean(self):", 10: "return total / (len(self.values) - 1)"}
    found = [issue(n, f"At {n}", severity="low", quote=q) for n, q in quotes.items()]
    fake.add(chat(review_json(6, "x", found)))
    document = json.loads(cli("--staged", "--format", "json", "--filter-mode", mode).stdout)
    assert [f["line"] for f in document["findings"]] == lines
    assert sum(document["dropped"].values()) == 3 - len(lines)


def test_what_cannot_be_reviewed_is_skipped_with_the_reason(cli: Cli, repo: GitRepo) -> None:
    repo.write("gone.py", "x = 1\n")
    repo.write("old.py", text(OLD_STATS))
    repo.write("same.py", "a = 1\nb = 2\nc = 3\n")
    repo.commit("base")
    repo.git("rm", "-q", "gone.py")
    repo.git("mv", "old.py", "renamed.py")
    repo.write("renamed.py", text(STATS))
    repo.git("mv", "same.py", "moved.py")
    repo.write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0")
    repo.write("uv.lock", "version = 1\n")
    repo.write("docs/guide.md", "# Guide\n")
    repo.write("src/my file é.py", "print('hi')\n")
    os.symlink("renamed.py", "link.py")
    repo.stage()
    # A submodule is a gitlink in the index; no second repository is needed to make one.
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},vendored")
    plan = planned(cli("--staged", "--dry-run", "--format", "json", "--exclude", "docs/"))
    assert sorted(plan["units"]) == ["renamed.py", "src/my file é.py"]
    assert "-|         return total / len(self.values)" in plan["units"]["renamed.py"]
    assert sorted(plan["skipped"], key=lambda s: s["path"]) == [
        {"path": "docs/guide.md", "reason": "excluded", "detail": "matches 'docs/'"},
        {"path": "gone.py", "reason": "deleted"},
        {"path": "link.py", "reason": "symlink"},
        {"path": "logo.png", "reason": "binary"},
        {"path": "moved.py", "reason": "no lines changed", "detail": "renamed from same.py"},
        {"path": "uv.lock", "reason": "excluded", "detail": "matches '*.lock'"},
        {"path": "vendored", "reason": "submodule"},
    ]


def test_the_text_report_lists_skipped_files(cli: Cli, fake: FakeAPI, repo: GitRepo) -> None:
    repo.commit("empty start")
    repo.write("uv.lock", "version = 1\n")
    repo.stage()
    run = cli("--staged")
    assert run.exit_code == 0
    assert "uv.lock: skipped (excluded: matches '*.lock')" in run.stdout
    assert "Nothing to review (1 skipped)." in run.stdout
    assert fake.requests == []


def test_the_first_commit_reviews_everything_staged_as_new(cli: Cli, repo: GitRepo) -> None:
    repo.write("app.py", "import os\nprint(os.getcwd())\n")
    repo.stage()
    plan = planned(cli("--staged", "--dry-run", "--format", "json"))
    assert "1 +| import os\n2 +| print(os.getcwd())" in plan["units"]["app.py"]


def test_files_limit_the_change_and_are_taken_from_the_working_folder(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("src/a.py", "a = 1\n")
    repo.write("src/b.py", "b = 1\n")
    repo.write("c.py", "c = 1\n")
    repo.stage()
    monkeypatch.chdir(repo.path / "src")
    plan = planned(cli("--staged", "--dry-run", "--format", "json", "a.py", "../c.py"))
    assert sorted(plan["units"]) == ["c.py", "src/a.py"]
    everything = planned(cli("--staged", "--dry-run", "--format", "json", "."))
    assert sorted(everything["units"]) == ["src/a.py", "src/b.py"]


def test_a_file_outside_the_repository_is_a_usage_error(
    cli: Cli, repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("start")
    run = cli("--staged", str(tmp_path / "elsewhere.py"))
    assert run.exit_code == 2
    assert "is outside the repository" in run.stderr


def test_diff_rev_compares_with_the_work_tree(cli: Cli, stats: GitRepo) -> None:
    stats.write("stats.py", text(STATS))  # not staged
    plan = planned(cli("--diff", "HEAD", "--dry-run", "--format", "json"))
    assert "15 +|         mid = (low + high) // 2" in plan["units"]["stats.py"]
    assert planned(cli("--staged", "--dry-run", "--format", "json"))["units"] == {}


@pytest.fixture
def forked(repo: GitRepo) -> GitRepo:
    """main and feature left a base commit: feature changed a.py, then main changed b.py."""
    repo.write("a.py", "a = 1\n")
    repo.write("b.py", "b = 1\n")
    repo.commit("base")
    repo.git("switch", "-q", "-c", "feature")
    repo.write("a.py", "a = 2\n")
    repo.commit("feature work")
    repo.git("switch", "-q", "main")
    repo.write("b.py", "b = 2\n")
    repo.commit("main moved on")
    return repo


def test_two_dots_compare_commits_and_three_dots_start_at_the_merge_base(
    cli: Cli, forked: GitRepo
) -> None:
    repo = forked
    repo.write("a.py", "a = 'work tree'\n")  # neither range reads the work tree
    three = planned(cli("--diff", "main...feature", "--dry-run", "--format", "json"))
    assert sorted(three["units"]) == ["a.py"]
    assert "1 +| a = 2" in three["units"]["a.py"]
    two = planned(cli("--diff", "main..feature", "--dry-run", "--format", "json"))
    assert sorted(two["units"]) == ["a.py", "b.py"]
    repo.git("checkout", "-q", "--", "a.py")
    repo.git("switch", "-q", "feature")
    head = planned(cli("--diff", "main...", "--dry-run", "--format", "json"))
    assert head["units"] == three["units"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--diff", "nope"], "unknown revision 'nope': check the name, or fetch it"),
        (["--diff", "main..nope"], "unknown revision 'nope'"),
        (["--diff", "-p"], "bad revision '-p'"),
        (["--staged", "--diff", "HEAD"], "use one of --staged, --diff and --pre-push"),
        (["--pre-push"], "--pre-push reviews PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF"),
    ],
)
def test_git_problems_are_exit_2_and_say_what_to_do(
    cli: Cli, stats: GitRepo, args: list[str], message: str
) -> None:
    run = cli(*args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_outside_a_repository_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    run = cli("--staged")
    assert run.exit_code == 2
    assert "not a git repository" in run.stderr
    assert "name files to review them whole" in run.stderr


def test_a_range_in_a_repository_with_no_commits_says_so(cli: Cli, repo: GitRepo) -> None:
    run = cli("--diff", "HEAD")
    assert run.exit_code == 2
    assert "the repository has no commits" in run.stderr


def test_a_shallow_clone_missing_the_merge_base_says_how_to_fetch_it(
    cli: Cli, forked: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    forked.git(
        "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{forked.path}", str(clone)
    )
    monkeypatch.chdir(clone)
    run = cli("--diff", "origin/main...origin/feature")
    assert run.exit_code == 2
    assert "not in this shallow clone" in run.stderr
    assert "fetch-depth: 0" in run.stderr
    missing = cli("--diff", "origin/gone...HEAD")
    assert "unknown revision 'origin/gone' in this shallow clone" in missing.stderr


def test_pre_push_reviews_the_range_pre_commit_gives(cli: Cli, repo: GitRepo) -> None:
    repo.write("a.py", "a = 1\n")
    old = repo.commit("pushed before")
    repo.write("a.py", "a = 2\n")
    repo.write("b.py", "b = 1\n")
    new = repo.commit("to push")
    env = {"PRE_COMMIT_FROM_REF": old, "PRE_COMMIT_TO_REF": new}
    run = cli("--pre-push", "--dry-run", "--format", "json", "a.py", env=env)
    assert list(planned(run)["units"]) == ["a.py"]


def test_pre_push_without_a_range_under_pre_commit_warns_and_passes(
    cli: Cli, repo: GitRepo
) -> None:
    repo.commit("first")
    run = cli("--pre-push", env={"PRE_COMMIT": "1"})
    assert run.exit_code == 0
    assert "warning: pre-commit gave no range to review" in run.stderr


def test_excludes_extend_the_defaults_or_replace_them(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("start")
    for name in ("uv.lock", "docs/a.md", "gen/x.py", "keep.py", "notes.txt"):
        repo.write(name, "x = 1\n")
    Path(".reviewer.toml").write_text('exclude = ["docs/", "# a comment", "", "*.txt"]\n')
    repo.stage()
    run = cli("--staged", "--dry-run", "--format", "json", "--exclude", "gen/")
    plan = planned(run)
    assert sorted(plan["units"]) == [".reviewer.toml", "keep.py"]
    assert {s["path"]: s["detail"] for s in plan["skipped"]} == {
        "docs/a.md": "matches 'docs/'",
        "gen/x.py": "matches 'gen/'",
        "notes.txt": "matches '*.txt'",
        "uv.lock": "matches '*.lock'",
    }
    monkeypatch.setenv("REVIEWER_EXCLUDE", "keep.py, .reviewer.toml")
    assert list(planned(cli("--staged", "--dry-run", "--format", "json"))["units"]) == ["gen/x.py"]
    monkeypatch.delenv("REVIEWER_EXCLUDE")
    Path(".reviewer.toml").write_text('default_excludes = false\nexclude = ["!uv.lock"]\n')
    plan = planned(cli("--staged", "--dry-run", "--format", "json"))
    assert "uv.lock" in plan["units"]


def test_whole_files_in_a_repository_are_named_from_its_root_and_excluded_alike(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("src/app.py", "print(1)\n")
    repo.write("src/poetry.lock", "x\n")
    monkeypatch.chdir(repo.path / "src")
    plan = planned(cli("app.py", "poetry.lock", "--dry-run", "--format", "json"))
    assert list(plan["units"]) == ["src/app.py"]
    assert plan["skipped"] == [
        {"path": "src/poetry.lock", "reason": "excluded", "detail": "matches '*.lock'"}
    ]


def test_the_users_git_config_does_not_change_what_is_read(
    cli: Cli, stats: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    clean = planned(cli("--staged", "--dry-run", "--format", "json"))
    for key, value in {
        "diff.noprefix": "true",
        "diff.mnemonicPrefix": "true",
        "diff.relative": "true",
        "color.ui": "always",
        "diff.external": "false",
        "diff.submodule": "log",
        "diff.renames": "false",
        "core.quotePath": "true",
        "diff.context": "9",
    }.items():
        stats.git("config", key, value)
    (stats.path / "sub").mkdir()
    monkeypatch.chdir(stats.path / "sub")
    assert planned(cli("--staged", "--dry-run", "--format", "json")) == clean


def test_crlf_files_are_numbered_like_any_other(cli: Cli, repo: GitRepo) -> None:
    repo.write("win.py", b"a = 1\r\nb = 2\r\nc = 3\r\n")
    repo.commit("base")
    repo.write("win.py", b"a = 1\r\nb = 20\r\nc = 3\r\n")
    repo.stage()
    prompt = planned(cli("--staged", "--dry-run", "--format", "json"))["units"]["win.py"]
    assert "  -| b = 2\n2 +| b = 20\n3  | c = 3" in prompt
    assert "\r" not in prompt


def test_an_unmerged_file_is_skipped_until_resolved(cli: Cli, forked: GitRepo) -> None:
    forked.write("a.py", "a = 3\n")
    forked.commit("main changes a.py too")
    with pytest.raises(AssertionError, match="CONFLICT"):
        forked.git("merge", "-q", "feature")
    plan = planned(cli("--staged", "--dry-run", "--format", "json"))
    assert plan["skipped"] == [
        {"path": "a.py", "reason": "unmerged", "detail": "resolve the conflict first"}
    ]


def _state(repo: GitRepo) -> tuple[str, bytes]:
    return repo.git("status", "--porcelain=v2"), (repo.path / ".git" / "index").read_bytes()


def test_a_review_changes_nothing_in_the_work_tree_or_index(
    cli: Cli, fake: FakeAPI, stats: GitRepo
) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    stats.write("stats.py", "# unstaged\n" + text(STATS))
    before = _state(stats)
    digest = hashlib.sha256((stats.path / "stats.py").read_bytes()).hexdigest()
    fake.add(chat(review_json(9, "Fine.")))
    assert cli("--staged").exit_code == 0
    assert _state(stats) == before
    assert hashlib.sha256((stats.path / "stats.py").read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("args", "config", "code"),
    [
        ([], "", 3),
        (["--on-provider-error", "warn"], "", 0),
        ([], 'on_provider_error = "warn"\n', 0),
        (["--on-provider-error", "fail"], 'on_provider_error = "warn"\n', 3),
    ],
)
def test_a_provider_outage_can_be_made_a_warning(
    cli: Cli, fake: FakeAPI, stats: GitRepo, args: list[str], config: str, code: int
) -> None:
    stats.write("stats.py", text(STATS))
    stats.stage()
    if config:
        Path(".reviewer.toml").write_text(config)
        stats.git("add", ".reviewer.toml")
    fake.add(*[error(503, "overloaded")] * 4)  # config staged too: two files, two tries each
    run = cli("--staged", *args)
    assert run.exit_code == code
    assert "failed after" in run.stderr
    if code == 0:
        assert "warning:" in run.stderr and "on_provider_error is warn" in run.stderr
    else:
        assert "error:" in run.stderr
