"""The pre-commit hooks: the manifest against its schema, and the real pre-commit installing this
repository's hooks and running them, with the model faked by the loopback server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import API_KEY, assert_valid
from tests.fakeapi import FakeAPI, chat, error, issue, review_json
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
FINDING = review_json(4, "Risky.", [issue(2, "Divides by zero", quote="y = 1 / 0")])
CLEAN = review_json(9, "Fine.")


def manifest() -> list[dict[str, object]]:
    hooks = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(hooks, list)
    return hooks


def test_the_manifest_validates_against_the_schema() -> None:
    bad = [{"id": "x", "entry": "x", "language": "python"}]  # no name
    assert_valid(manifest(), "pre-commit-hooks.schemastore.json", bad)


def test_the_hooks_run_the_right_review_at_the_right_stages() -> None:
    hooks = {hook["id"]: hook for hook in manifest()}
    assert set(hooks) == {"reviewer", "reviewer-push"}
    assert hooks["reviewer"]["entry"] == "reviewer --staged"
    assert hooks["reviewer"]["stages"] == ["pre-commit", "pre-merge-commit", "manual"]
    assert hooks["reviewer-push"]["entry"] == "reviewer --pre-push"
    assert hooks["reviewer-push"]["stages"] == ["pre-push"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        # The stage names pre-commit, pre-merge-commit and pre-push arrived in pre-commit 3.2.0.
        assert hook["minimum_pre_commit_version"] == "3.2.0"


def test_pre_commit_accepts_the_manifest() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean clone of this repository, carrying any work not yet committed here, so that the
    hooks pre-commit installs are the code under test."""
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout, so pre-commit cannot clone it")
    clone = tmp_path_factory.mktemp("hooks") / "reviewer"
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=env)
    for name in _git(ROOT, "ls-files", "-z", "-m", "-o", "--exclude-standard").split("\0"):
        if name and (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    for name in _git(ROOT, "ls-files", "-z", "-d").split("\0"):
        if name:
            (clone / name).unlink(missing_ok=True)
    if _git(clone, "status", "--porcelain"):
        _git(clone, "add", "-A")
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "work"],
            cwd=clone,
            check=True,
            env=env,
        )
    return clone


@pytest.fixture
def project(
    repo: GitRepo, fake: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> GitRepo:
    """A user's repository with one commit, whose hooks reach the fake through the environment."""
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
    monkeypatch.setenv("REVIEWER_MAX_RETRIES", "0")
    repo.write("calc.py", "x = 1\n")
    repo.commit("base")
    return repo


def try_repo(
    cwd: Path, hooks_repo: Path, hook: str, *args: str
) -> subprocess.CompletedProcess[str]:
    return pre_commit(cwd, "try-repo", str(hooks_repo), hook, "--verbose", *args)


def pre_commit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


# try-repo installs the hooks afresh on every run (into a temporary store), so each run costs
# an install: one run per hook here, and the exit-code cases go to the installed hooks below.
def test_try_repo_runs_the_commit_hook_on_the_staged_change(
    project: GitRepo, fake: FakeAPI, hooks_repo: Path
) -> None:
    project.write("calc.py", "x = 1\ny = 1 / 0\n")
    project.stage()
    fake.add(chat(CLEAN))
    run = try_repo(project.path, hooks_repo, "reviewer")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings in 1 file; score 9/10." in run.stdout
    assert "2 +| y = 1 / 0" in fake.chat_requests[-1].messages[1]["content"]


def test_try_repo_runs_the_push_hook_on_the_pushed_range(
    project: GitRepo, fake: FakeAPI, hooks_repo: Path
) -> None:
    old = project.git("rev-parse", "HEAD")
    project.write("calc.py", "x = 1\ny = 1 / 0\n")
    new = project.commit("risky")
    project.write("calc.py", "x = 1\ny = 1 / 0\nz = 'uncommitted'\n")
    fake.add(chat(FINDING))
    run = try_repo(
        project.path, hooks_repo, "reviewer-push",
        "--hook-stage", "pre-push", "--from-ref", old, "--to-ref", new,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "calc.py:2: high [bug] Divides by zero" in run.stdout
    prompt = fake.chat_requests[-1].messages[1]["content"]
    assert "2 +| y = 1 / 0" in prompt and "uncommitted" not in prompt


def test_installed_hooks_block_and_pass_real_commits_and_pushes(
    project: GitRepo, fake: FakeAPI, hooks_repo: Path, tmp_path: Path
) -> None:
    rev = _git(hooks_repo, "rev-parse", "HEAD").strip()
    project.write(
        ".pre-commit-config.yaml",
        f"repos:\n- repo: {hooks_repo}\n  rev: {rev}\n"
        # As README.md suggests: a provider outage warns instead of blocking.
        "  hooks:\n  - id: reviewer\n    args: [--on-provider-error=warn]\n"
        "  - id: reviewer-push\n",
    )
    project.commit("hooks")
    installed = pre_commit(project.path, "install", "-t", "pre-commit", "-t", "pre-push")
    assert installed.returncode == 0, installed.stderr
    remote = tmp_path / "remote.git"
    project.git("init", "-q", "--bare", str(remote))
    project.git("remote", "add", "origin", str(remote))
    # A first push has no remote history to compare with: the hook warns and lets it through.
    project.git("push", "-q", "origin", "main")
    pushed = head = project.git("rev-parse", "HEAD")

    project.write("calc.py", "x = 1\ny = 1 / 0\n")
    project.stage()
    fake.add(chat(FINDING))
    with pytest.raises(AssertionError, match="Divides by zero"):
        project.git("commit", "-qm", "risky")
    assert project.git("rev-parse", "HEAD") == head
    assert project.git("diff", "--cached", "--name-only") == "calc.py"  # the change is kept

    # The same staged change gets the same verdict, from the cache, without a request.
    fake.add(chat(CLEAN))
    with pytest.raises(AssertionError, match="Divides by zero"):
        project.git("commit", "-qm", "risky")
    assert len(fake.script) == 1  # the CLEAN reply is still waiting: nothing was asked

    project.write("calc.py", "x = 1\ny = 1 / 2\n")  # the developer fixes it
    project.stage()
    project.git("commit", "-qm", "fixed")
    assert project.git("rev-parse", "HEAD") != head

    project.write("calc.py", "x = 1\ny = 1 / 0\nz = 2\n")
    project.stage()
    fake.add(error(503, "overloaded"))
    project.git("commit", "-qm", "while the provider is down")
    assert project.git("log", "-1", "--format=%s") == "while the provider is down"

    fake.add(chat(FINDING))
    with pytest.raises(AssertionError, match="Divides by zero"):
        project.git("push", "-q", "origin", "main")
    assert project.git("--git-dir", str(remote), "rev-parse", "main") == pushed
    project.write("calc.py", "x = 1\ny = 1 / 2\nz = 2\n")
    fake.add(chat(CLEAN), chat(CLEAN))  # the commit's review, then the push's
    project.commit("fixed again")
    project.git("push", "-q", "origin", "main")
    assert project.git("--git-dir", str(remote), "rev-parse", "main") == project.git(
        "rev-parse", "HEAD"
    )
