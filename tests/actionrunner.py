"""The GitHub Actions runner, played for tests: the action's `run` steps in bash with the
runner's variables, and a pull request (a real origin, a shallow checkout, the event payload,
a fake GitHub) that later pushes can move on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import refdata
from tests.fakeapi import FakeAPI
from tests.fakegithub import FakeGitHub
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
TOKEN = "ghs_fake0123456789abcdef"
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def action() -> dict[str, Any]:
    loaded = yaml.safe_load(ACTION.read_text())
    assert isinstance(loaded, dict)
    return loaded


@dataclass
class Runner:
    """Runs the action's `run` steps with bash, as the Actions runner does; `uses` steps (only
    actions/setup-python) are played by the Python running these tests, first on PATH."""

    workspace: Path
    temp: Path
    event: dict[str, Any]
    env: dict[str, str]

    def evaluate(self, text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression.startswith("inputs."):
                return inputs[expression.removeprefix("inputs.")]
            if expression == "github.token":
                return TOKEN
            if expression.startswith("github.event."):
                node: Any = self.event
                for part in expression.removeprefix("github.event.").split("."):
                    node = node.get(part, "") if isinstance(node, dict) else ""
                return str(node)
            if expression.startswith("steps."):
                _, step, _, name = expression.split(".", 3)
                return steps.get(step, {}).get(name, "")
            raise AssertionError(f"the test runner cannot evaluate ${{{{ {expression} }}}}")

        return _EXPRESSION.sub(value, str(text))

    def run(
        self, inputs: dict[str, str], *, only: set[str] | None = None
    ) -> tuple[int, dict[str, str], str, str]:
        spec = action()
        given = {
            name: self.evaluate(inputs.get(name, str(field.get("default", ""))), {}, {})
            for name, field in spec["inputs"].items()
        }
        steps: dict[str, dict[str, str]] = {}
        stdout = stderr = ""
        code = 0
        for number, step in enumerate(spec["runs"]["steps"]):
            if "uses" in step or (only is not None and step.get("id") not in only):
                continue
            output = self.temp / f"output-{number}"
            output.write_text("")
            script = self.temp / f"step-{number}.sh"
            script.write_text(step["run"])
            env = {
                **self.env,
                "GITHUB_OUTPUT": str(output),
                **{k: self.evaluate(v, given, steps) for k, v in step.get("env", {}).items()},
            }
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            stdout += done.stdout
            stderr += done.stderr
            steps[step.get("id", str(number))] = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            )
            code = done.returncode
            if code != 0:
                break
        # A failed step ends the action, but the outputs it wrote are still the action's.
        outputs = {
            name: self.evaluate(o["value"], given, steps) for name, o in spec["outputs"].items()
        }
        return code, outputs, stdout, stderr


def install_action(temp: Path) -> Path:
    """RUNNER_TEMP, with reviewer installed by the action's own install step."""
    env = {**os.environ, "RUNNER_TEMP": str(temp), "GITHUB_ACTION_PATH": str(ROOT),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    runner = Runner(temp, temp, {}, env)
    code, _, out, err = runner.run({}, only={"install"})
    assert code == 0, out + err
    return temp


def github_diff(patch: str) -> dict[str, list[tuple[int, int]]]:
    """The new-side line ranges of each file's hunks, read from `git diff -U3`."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    path = ""
    for line in patch.splitlines():
        if line.startswith("+++ b/"):
            path = line[6:]
        match = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
        if match and int(match.group(2) or 1):
            start = int(match.group(1))
            ranges.setdefault(path, []).append((start, start + int(match.group(2) or 1) - 1))
    return ranges


@dataclass
class PullRequest:
    runner: Runner
    github: FakeGitHub
    model: FakeAPI
    summary: Path
    repo: GitRepo
    origin: Path
    event_path: Path

    @classmethod
    def open(
        cls,
        repo: GitRepo,
        model: FakeAPI,
        runner_temp: Path,
        tmp_path: Path,
        base: str,
        head: str,
        files: dict[str, str] | None = None,
    ) -> PullRequest:
        """origin with main (`base` as app.py) and a branch `feature` (`head`, and any other
        `files` the pull request brings); a pull request of it, opened."""
        repo.write("app.py", base)
        repo.commit("base")
        repo.git("switch", "-q", "-c", "feature")
        repo.write("app.py", head)
        for name, text in (files or {}).items():
            repo.write(name, text)
        repo.commit("add mean")
        origin = tmp_path / "origin.git"
        repo.git("clone", "-q", "--bare", str(repo.path), str(origin))
        workspace = tmp_path / "workspace"
        event = json.loads(
            refdata("github", "webhooks", "pull_request.opened.payload.json").read_text()
        )
        event["number"] = event["pull_request"]["number"] = 7
        event_path = tmp_path / "event.json"
        github = FakeGitHub.from_refdata(refdata("github", "request_bodies.json"), TOKEN)
        summary = tmp_path / "step-summary.md"
        summary.write_text("")
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": "octo/app",
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_API_URL": github.url,
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(runner_temp),
        }
        runner = Runner(workspace, runner_temp, event, env)
        pull = cls(runner, github, model, summary, repo, origin, event_path)
        pull.checkout()
        return pull

    def checkout(self) -> None:
        """What a new job sees: the event of the branch's head, and a shallow checkout of it
        (actions/checkout's default depth of 1)."""
        repo, event = self.repo, self.runner.event
        base, head = repo.git("rev-parse", "main"), repo.git("rev-parse", "feature")
        event["pull_request"]["base"].update(sha=base, ref="main")
        event["pull_request"]["head"].update(sha=head, ref="feature")
        self.event_path.write_text(json.dumps(event))
        self.github.diff = github_diff(repo.git("diff", "-U3", "main...feature"))
        workspace = self.runner.workspace
        shutil.rmtree(workspace, ignore_errors=True)
        repo.git("clone", "-q", "--depth", "1", "--branch", "feature",
                 f"file://{self.origin}", str(workspace))  # fmt: skip

    def push(self, text: str, *, force: bool = False) -> str:
        """A new commit of app.py on the branch, pushed (`force`: on the base, dropping the
        branch's commits, as a rebase and force push do); the new head."""
        if force:
            self.repo.git("reset", "-q", "--hard", "main")
        self.repo.write("app.py", text)
        head = self.repo.commit("push")
        self.repo.git("push", "-q", *(["--force"] if force else []), str(self.origin), "feature")
        self.checkout()
        return head
