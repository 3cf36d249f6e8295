"""The habits a contributor looks for: a licence that says what pyproject says, a changelog entry
for the version, contributing notes that give the README's commands, and the project's own
pre-commit config, valid and in step with the tools the tests run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from reviewer import __version__
from tests.conftest import assert_valid

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pre-commit-config.yaml"


def _config() -> dict[str, Any]:
    data = yaml.safe_load(CONFIG.read_text())
    assert isinstance(data, dict)
    return data


def test_the_pre_commit_config_validates_against_its_schema() -> None:
    local = {"id": "x", "name": "x", "entry": "x", "language": "system", "pass_filenames": "no"}
    bad = {"repos": [{"repo": "local", "hooks": [local]}]}
    assert_valid(_config(), "pre-commit-config.schemastore.json", bad)


def test_pre_commit_accepts_the_config() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_config_runs_ruff_lint_and_format_and_mypy_at_the_tested_versions() -> None:
    repos = {repo["repo"]: repo for repo in _config()["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    assert [hook["id"] for hook in ruff["hooks"]] == ["ruff-check", "ruff-format"]
    installed = subprocess.run(
        [sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    assert ruff["rev"] == f"v{installed}", "bump the hook's rev to the ruff the tests run"
    [mypy] = repos["local"]["hooks"]
    assert (mypy["id"], mypy["entry"], mypy["pass_filenames"]) == ("mypy", "mypy", False)


def test_the_licence_the_changelog_and_the_contributing_notes() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in pyproject
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(
        rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M
    )
    assert "## [Unreleased]" in changelog
    readme = (ROOT / "README.md").read_text()
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    commands = re.findall(r"^python3 -m venv .*$", readme, re.M)
    assert len(commands) >= 2
    for command in commands:
        assert command in contributing
