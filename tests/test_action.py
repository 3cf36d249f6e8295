"""The composite action, run step by step as a runner would: a shallow checkout of a pull request,
the GITHUB_* files in temporary folders, the model and GitHub's API faked on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reviewer.platforms.github.plan import SUMMARY_MARKER
from tests.conftest import API_KEY, assert_valid, refdata
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.fakegithub import FakeGitHub
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
TOKEN = "ghs_fake0123456789abcdef"
BASE = "".join(f"def helper_{n}(x):\n    return x + {n}\n\n\n" for n in range(6))
HEAD = BASE + "def mean(xs):\n    total = sum(xs)\n    return total / len(xs)\n"
# mean() is at lines 25-27 of the head; line 2 is far from the change.
FINDINGS = review_json(
    3,
    "mean() divides by zero on an empty list.",
    [
        issue(27, "Division by zero on an empty list", quote="return total / len(xs)"),
        issue(25, "No docstring", severity="low", category="docs", end_line=27),
        issue(
            2,
            "helper_0 is unused",
            severity="medium",
            category="maintainability",
            quote="return x + 0",
        ),
    ],
)
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def action() -> dict[str, Any]:
    loaded = yaml.safe_load(ACTION.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_action_yml_validates_against_the_schema() -> None:
    assert_valid(action(), "github-action.schemastore.json", {"runs": {"using": "composite"}})
    spec = action()
    assert set(spec["inputs"]) == {
        "api-key", "base-url", "provider", "model", "fail-on", "min-score", "self-check",
        "post-review", "github-token", "config", "args",
    }  # fmt: skip
    assert spec["inputs"]["post-review"]["default"] == "true"
    assert spec["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert set(spec["outputs"]) == {"score", "findings", "sarif-file"}


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


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP, with reviewer installed by the action's own install step, once."""
    temp = tmp_path_factory.mktemp("runner-temp")
    env = {**os.environ, "RUNNER_TEMP": str(temp), "GITHUB_ACTION_PATH": str(ROOT),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    runner = Runner(temp, temp, {}, env)
    code, _, out, err = runner.run({}, only={"install"})
    assert code == 0, out + err
    return temp


@dataclass
class PullRequest:
    runner: Runner
    github: FakeGitHub
    model: FakeAPI
    summary: Path


@pytest.fixture
def pull_request(
    repo: GitRepo, fake: FakeAPI, runner_temp: Path, tmp_path: Path
) -> Iterator[PullRequest]:
    """origin with main and a feature branch; the runner's shallow checkout of the feature."""
    repo.write("app.py", BASE)
    repo.commit("base")
    repo.git("switch", "-q", "-c", "feature")
    repo.write("app.py", HEAD)
    repo.commit("add mean")
    origin = tmp_path / "origin.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(origin))
    workspace = tmp_path / "workspace"
    repo.git(
        "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{origin}", str(workspace)
    )
    base, head = repo.git("rev-parse", "main"), repo.git("rev-parse", "feature")
    event = json.loads(
        refdata("github", "webhooks", "pull_request.opened.payload.json").read_text()
    )
    event["number"] = event["pull_request"]["number"] = 7
    event["pull_request"]["base"].update(sha=base, ref="main")
    event["pull_request"]["head"].update(sha=head, ref="feature")
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(event))
    github = FakeGitHub.from_refdata(refdata("github", "request_bodies.json"), TOKEN)
    github.diff = _github_diff(repo.git("diff", "-U3", "main...feature"))
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
    yield PullRequest(Runner(workspace, runner_temp, event, env), github, fake, summary)
    github.close()


def _github_diff(patch: str) -> dict[str, list[tuple[int, int]]]:
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


INPUTS = {"base-url": "", "args": "--filter-mode file"}


def _inputs(model: FakeAPI) -> dict[str, str]:
    return {**INPUTS, "api-key": API_KEY, "base-url": model.url}


def test_the_action_posts_one_review_on_the_diff_and_edits_its_summary_on_the_next_run(
    pull_request: PullRequest,
) -> None:
    pr, github = pull_request, pull_request.github
    pr.model.add(chat(FINDINGS))
    code, outputs, stdout, stderr = pr.runner.run(_inputs(pr.model))
    assert code == 1, stdout + stderr  # a high finding: the gate fails the step
    assert github.invalid == []
    [review] = github.reviews
    assert review["event"] == "COMMENT"
    placed = sorted((c["line"], c.get("start_line", 0)) for c in github.review_comments)
    assert placed == [(27, 0), (27, 25)]  # line 2 is off the diff: summary only
    [summary] = github.issue_comments
    assert SUMMARY_MARKER in summary["body"] and "helper_0 is unused" in summary["body"]
    assert "1 finding is not on the diff's lines" in summary["body"]
    assert "https://github.example/octo/app/blob/" in summary["body"]

    assert outputs["score"] == "3" and outputs["findings"] == "3"
    sarif = json.loads(Path(outputs["sarif-file"]).read_text())
    for name in ("sarif-2.1.0.schemastore.json", "sarif-schema-2.1.0.oasis.json"):
        jsonschema.validate(sarif, json.loads(refdata("schemas", name).read_text()))
    assert (
        "::error title=high [bug] Division by zero on an empty list,file=app.py,line=27" in stdout
    )
    assert "Division by zero on an empty list" in pr.summary.read_text()
    assert stdout.count(TOKEN) == 1 and f"::add-mask::{TOKEN}" in stdout
    assert TOKEN not in stderr

    pr.model.add(chat(FINDINGS))
    code, _, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"fetch", "review"})
    assert code == 1, stdout + stderr
    assert len(github.reviews) == 1 and len(github.review_comments) == 2  # nothing repeated
    assert len(github.issue_comments) == 1  # edited in place
    assert "2 already commented on by an earlier run" in github.issue_comments[0]["body"]
    assert [c.method for c in github.calls].count("PATCH") == 1
    assert github.invalid == []


def test_a_fork_without_write_access_gets_annotations_and_the_job_summary(
    pull_request: PullRequest,
) -> None:
    pr = pull_request
    pr.github.fork = True
    pr.model.add(chat(FINDINGS))
    code, _, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"fetch", "review"})
    assert code == 1, stdout + stderr  # the findings decide, not the refusal
    assert "could not post to pull request #7 (403: Resource not accessible by integration)" in (
        stderr
    )
    assert "pull-requests: write" in stderr
    assert pr.github.reviews == [] and pr.github.issue_comments == []
    assert "helper_0 is unused" in pr.summary.read_text()
    assert "::warning title=medium [maintainability] helper_0 is unused" in stdout


def test_a_clean_review_passes_and_rate_limits_are_waited_out(pull_request: PullRequest) -> None:
    pr = pull_request
    pr.github.rate_limit_once = True
    pr.model.add(chat(review_json(9, "Fine.")))
    code, outputs, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"fetch", "review"})
    assert code == 0, stdout + stderr
    assert outputs["findings"] == "0" and outputs["score"] == "9"
    assert pr.github.reviews == []  # nothing to say inline
    [summary] = pr.github.issue_comments
    assert "score **9/10**" in summary["body"]
