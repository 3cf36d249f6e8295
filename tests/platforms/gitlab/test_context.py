"""A GitLab CI job read from its predefined variables
(https://docs.gitlab.com/ci/variables/predefined_variables/): the project, the merge request,
its diff's range, and which token may write; --post refused where it cannot work."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from reviewer.errors import UsageError
from reviewer.platforms.detect import detect
from reviewer.platforms.gitlab.context import gitlab_context
from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.gitrepo import GitRepo

BASE, HEAD, MERGE = "a" * 40, "b" * 40, "c" * 40
MR_PIPELINE = {
    "GITLAB_CI": "true",
    "CI_SERVER_URL": "https://git.corp.example",
    "CI_API_V4_URL": "https://git.corp.example/api/v4",
    "CI_PROJECT_ID": "42",
    "CI_PROJECT_PATH": "team/app",
    "CI_PROJECT_URL": "https://git.corp.example/team/app",
    "CI_PIPELINE_SOURCE": "merge_request_event",
    "CI_MERGE_REQUEST_IID": "7",
    "CI_MERGE_REQUEST_DIFF_BASE_SHA": BASE,
    "CI_COMMIT_SHA": HEAD,
    "CI_JOB_TOKEN": "job-token-secret",
}


def test_a_merge_request_pipeline_reviews_its_merge_request() -> None:
    platform = detect(MR_PIPELINE, True, io.StringIO())
    assert platform is not None and platform.name == "GitLab"
    assert platform.default_diff() == f"{BASE}...{HEAD}"
    assert platform.fetch_hint is not None and "GIT_DEPTH: 0" in platform.fetch_hint
    assert platform.link("src/a b.py", 3, 5) == (
        f"https://git.corp.example/team/app/-/blob/{HEAD}/src/a%20b.py#L3-5"
    )


def test_a_merged_results_pipeline_reviews_the_source_branch_not_the_merge() -> None:
    env = {**MR_PIPELINE, "CI_COMMIT_SHA": MERGE, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": HEAD}
    ctx = gitlab_context(env)
    assert ctx is not None and ctx.head_sha == HEAD


def test_the_project_is_its_id_or_its_encoded_path_and_the_job_token_never_writes() -> None:
    env = {k: v for k, v in MR_PIPELINE.items() if k != "CI_PROJECT_ID"}
    ctx = gitlab_context({**env, "GITLAB_TOKEN": "job-token-secret"})
    assert ctx is not None and ctx.project_ref == "team%2Fapp"
    assert ctx.token is None and ctx.job_token  # the job token pasted as GITLAB_TOKEN
    ctx = gitlab_context(
        {**MR_PIPELINE, "GITLAB_TOKEN": "glpat-a", "REVIEWER_GITLAB_TOKEN": "glpat-b"}
    )
    assert ctx is not None and (ctx.project_ref, ctx.token) == ("42", "glpat-b")
    assert gitlab_context({"CI_PIPELINE_SOURCE": "merge_request_event"}) is None


def test_post_outside_a_merge_request_pipeline_is_a_usage_error() -> None:
    push = {**MR_PIPELINE, "CI_PIPELINE_SOURCE": "push"}
    with pytest.raises(UsageError, match=r"this pipeline's source is push.*merge_request_event"):
        detect(push, True, io.StringIO())
    platform = detect(push, False, io.StringIO())  # without --post: links, no default range
    assert platform is not None and platform.default_diff() is None
    with pytest.raises(UsageError, match=r"GitHub Actions .* or in a GitLab merge-request"):
        detect({}, True, io.StringIO())
    assert detect({}, False, io.StringIO()) is None


def test_with_no_range_named_the_merge_request_is_reviewed_and_gitlab_format_is_code_quality(
    repo: GitRepo, cli: Callable[..., Run], fake: FakeAPI
) -> None:
    repo.write("app.py", "def f(xs):\n    return xs\n")
    base = repo.commit("base")
    repo.write("app.py", "def f(xs):\n    return xs[0]\n")
    head = repo.commit("head")
    repo.write("app.py", "uncommitted, not part of the merge request\n")
    fake.add(chat(review_json(5, "Risky.", [issue(2, "Empty list", quote="return xs[0]")])))
    env = {**MR_PIPELINE, "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head}
    done = cli("--format", "gitlab", env=env)
    assert done.exit_code == 1, done.stdout + done.stderr
    [item] = json.loads(done.stdout)
    assert item["location"] == {"path": "app.py", "lines": {"begin": 2}}
    assert item["severity"] == "major" and item["check_name"] == "reviewer/bug"
    prompt = fake.requests[0].body["messages"][-1]["content"]
    assert "return xs[0]" in prompt and "uncommitted" not in prompt
    done = cli("--post", env={**MR_PIPELINE, "CI_PIPELINE_SOURCE": "push"})
    assert done.exit_code == 2 and "merge-request pipeline" in done.stderr
