"""The composite action, run step by step as a runner would: a shallow checkout of a pull request,
the GITHUB_* files in temporary folders, the model and GitHub's API faked on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from reviewer.platforms.github.plan import SUMMARY_MARKER
from tests.actionrunner import TOKEN, PullRequest, action
from tests.conftest import API_KEY, assert_valid, refdata
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.gitrepo import GitRepo
from tests.hostile_head import hostile_head

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


@pytest.fixture
def pull_request(
    repo: GitRepo, fake: FakeAPI, runner_temp: Path, tmp_path: Path
) -> Iterator[PullRequest]:
    """origin with main and a feature branch; the runner's shallow checkout of the feature."""
    pull = PullRequest.open(repo, fake, runner_temp, tmp_path, BASE, HEAD)
    yield pull
    pull.github.close()


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
    code, _, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"pr", "fetch", "review"})
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
    code, _, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"pr", "fetch", "review"})
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
    code, outputs, stdout, stderr = pr.runner.run(_inputs(pr.model), only={"pr", "fetch", "review"})
    assert code == 0, stdout + stderr
    assert outputs["findings"] == "0" and outputs["score"] == "9"
    assert pr.github.reviews == []  # nothing to say inline
    [summary] = pr.github.issue_comments
    assert "score **9/10**" in summary["body"]


def test_a_fork_pull_requests_config_and_templates_cannot_take_over_the_action(
    repo: GitRepo, fake: FakeAPI, runner_temp: Path, tmp_path: Path
) -> None:
    """The pull request's head brings a config that names its own templates (one runs a
    command that writes the runner's environment, tokens and all, to a file), a host for the
    key, a preset that sends GITHUB_TOKEN as its key, and report paths outside the checkout."""
    attacker = FakeAPI()
    attacker.default = chat(FINDINGS)
    head = hostile_head(tmp_path, attacker, "GITHUB_TOKEN", "output", "sarif_file", "cache_dir")
    leak, victim, files = head.leak, head.victim, head.files
    pr = PullRequest.open(repo, fake, runner_temp, tmp_path, BASE, HEAD, files)
    try:
        fake.default = chat(FINDINGS)
        pr.runner.env["REVIEWER_PACK_TOKENS"] = "0"  # one file a request, each with FINDINGS
        code, outputs, stdout, stderr = pr.runner.run(_inputs(fake))
        assert code == 1, stdout + stderr  # reviewed as the operator set it up
        assert not leak.exists() and attacker.requests == []
        assert victim.read_text() == "untouched\n"
        assert fake.chat_requests and all(
            TOKEN not in json.dumps(r.headers) for r in fake.chat_requests
        )
        for key in ("prompts_dir", "base_url", "provider", "providers", "output", "sarif_file"):
            assert f": {key} ignored: " in stderr, key
        assert "--trust-repo-config" not in stderr  # CI never offers it
        assert len(pr.github.reviews) == 1 and outputs["findings"] != ""
        assert Path(outputs["sarif-file"]).is_file()
    finally:
        pr.github.close()
        attacker.close()
