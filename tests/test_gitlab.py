"""A GitLab merge-request pipeline, played as a runner plays it: the CI/CD template's job read
from templates/reviewer.yml, its inputs interpolated, its `before_script` (the install) and
`script` run with bash in a clone of a merge request, driven only by GitLab's predefined CI/CD
variables (https://docs.gitlab.com/ci/variables/predefined_variables/), with GitLab's API and
the model faked on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reviewer.platforms.plan import SUMMARY_MARKER
from tests.conftest import API_KEY
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.fakegitlab import FakeGitLab
from tests.gitrepo import GitRepo
from tests.hostile_head import hostile_head

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "reviewer.yml"
CODEQUALITY_SCHEMA = Path(__file__).parent / "schemas" / "gitlab-codequality.schema.json"
TOKEN = "glpat-fake0123456789abcdef"
BASE = "".join(f"def helper_{n}(x):\n    return x + {n}\n\n\n" for n in range(6))
HEAD = BASE + (
    "def mean(xs):\n"
    "    total = sum(xs)\n"
    "    return total / len(xs)\n"
    "\n\n"
    "def first(xs):\n"
    "    return xs[1]\n"
)
# The change adds lines 25-31. Two defects on added lines; the third finding is on line 18, in
# the changed file (the `file` filter keeps it) but not in GitLab's diff, which shows 22-31.
FINDINGS = review_json(
    3,
    "Two defects.",
    [
        issue(27, "Division by zero on an empty list", quote="return total / len(xs)"),
        issue(31, "first() returns the second item", quote="return xs[1]"),
        issue(
            18,
            "helper_4 is unused",
            severity="medium",
            category="maintainability",
            quote="return x + 4",
        ),
    ],
)
_INPUT = re.compile(r"\$\[\[\s*inputs\.(\w+)\s*\]\]")


def template(**inputs: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the jobs, with inputs interpolated as GitLab does (defaults for the rest)."""
    header_text, jobs_text = TEMPLATE.read_text().split("\n---\n", 1)
    header = yaml.safe_load(header_text)
    spec = header["spec"]["inputs"]
    unknown = set(inputs) - set(spec)
    assert not unknown, unknown

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in spec, f"the template uses an undeclared input {name}"
        given = inputs.get(name, spec[name].get("default"))
        return str(given).lower() if isinstance(given, bool) else str(given)

    jobs = yaml.safe_load(_INPUT.sub(value, jobs_text))
    return header, jobs


def test_the_template_is_valid_gitlab_ci_with_a_merge_request_job() -> None:
    # GitLab's own schema of .gitlab-ci.yml, as check-jsonschema vendors it.
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads(vendored.joinpath("gitlab-ci.json").read_text())
    header, jobs = template()
    validator = jsonschema.Draft7Validator(schema)
    validator.validate(header)
    validator.validate(jobs)
    with pytest.raises(jsonschema.ValidationError):  # the schema can fail
        validator.validate({"reviewer": {"script": "x", "artifacts": {"reports": {"x": 1}}}})
    [job] = jobs.values()
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"  # the report is kept when the gate fails
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert any("--post" in line and "--codequality-file" in line for line in job["script"])


@dataclass
class Job:
    """A GitLab runner's job: the script in a shell, the CI/CD variables in its environment."""

    workspace: Path
    env: dict[str, str]

    def run(self, part: str = "script", **inputs: str) -> subprocess.CompletedProcess[str]:
        _, jobs = template(**inputs)
        [job] = jobs.values()
        script = self.workspace.parent / f"{part}.sh"
        script.write_text("\n".join(job[part]) + "\n")
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template's own before_script, once: a venv with reviewer installed from this
    checkout (the `package` input), as a job would install it from an index."""
    temp = tmp_path_factory.mktemp("job-temp")
    env = {**os.environ, "TMPDIR": str(temp), "CI_JOB_ID": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    (temp / "work").mkdir()
    done = Job(temp / "work", env).run("before_script", package=str(ROOT))
    assert done.returncode == 0, done.stdout + done.stderr
    venv = temp / "reviewer-1" / "bin"
    assert (venv / "reviewer").is_file()
    return venv


@dataclass
class MergeRequest:
    job: Job
    gitlab: FakeGitLab
    model: FakeAPI
    repo: GitRepo
    base: str
    head: str

    def report(self) -> list[dict[str, Any]]:
        loaded: list[dict[str, Any]] = json.loads(
            (self.job.workspace / "gl-code-quality-report.json").read_bytes().decode("utf-8")
        )
        return loaded


@pytest.fixture
def merge_request(
    repo: GitRepo, fake: FakeAPI, installed: Path, tmp_path: Path
) -> Iterator[MergeRequest]:
    """A merge request of `feature` into `main`, cloned as GitLab's runner clones it."""
    repo.write("app.py", BASE)
    base = repo.commit("base")
    repo.git("switch", "-q", "-c", "feature")
    repo.write("app.py", HEAD)
    head = repo.commit("add mean and first")
    workspace = tmp_path / "builds" / "group" / "app"
    repo.git("clone", "-q", "--depth", "20", "--branch", "feature",
             f"file://{repo.path}", str(workspace))  # fmt: skip
    gitlab = FakeGitLab(TOKEN)
    gitlab.add_version(repo.path, base, head)
    env = {
        # Only what a runner sets, and the CI/CD variables a project would add.
        "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "GIT_CONFIG_GLOBAL": os.environ["GIT_CONFIG_GLOBAL"],
        "GIT_CONFIG_NOSYSTEM": "1",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_JOB_ID": "1",
        "CI_JOB_TOKEN": gitlab.job_token,
        "CI_SERVER_URL": "https://gitlab.example.cn",
        "CI_API_V4_URL": gitlab.url,
        "CI_PROJECT_ID": str(gitlab.project_id),
        "CI_PROJECT_PATH": gitlab.project_path,
        "CI_PROJECT_URL": f"https://gitlab.example.cn/{gitlab.project_path}",
        "CI_PROJECT_DIR": str(workspace),
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_IID": str(gitlab.mr_iid),
        "CI_MERGE_REQUEST_PROJECT_ID": str(gitlab.project_id),
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": "",  # set in merged-results pipelines only
        "CI_COMMIT_SHA": head,
        "REVIEWER_GITLAB_TOKEN": TOKEN,
        "OPENAI_API_KEY": API_KEY,
        "OPENAI_BASE_URL": fake.url,
        "REVIEWER_MAX_RETRIES": "1",
        "REVIEWER_FILTER_MODE": "file",
    }
    yield MergeRequest(Job(workspace, env), gitlab, fake, repo, base, head)
    gitlab.close()


def test_two_defects_become_two_discussions_and_a_second_push_repeats_nothing(
    merge_request: MergeRequest,
) -> None:
    mr, gitlab = merge_request, merge_request.gitlab
    mr.model.add(chat(FINDINGS))
    done = mr.job.run()
    assert done.returncode == 1, done.stdout + done.stderr  # a high finding: the gate fails
    assert gitlab.invalid == [] and gitlab.refused == []
    placed = sorted((n["position"]["new_line"], n["position"].get("old_line"))
                    for n in gitlab.notes(diff=True))  # fmt: skip
    assert placed == [(27, None), (31, None)]  # added lines: new_line only
    for note in gitlab.notes(diff=True):
        assert note["position"]["head_sha"] == mr.head and note["position"]["base_sha"] == mr.base
    [summary] = gitlab.notes(diff=False)
    assert SUMMARY_MARKER in summary["body"] and "helper_4 is unused" in summary["body"]
    assert "1 finding is not on the diff's lines" in summary["body"]
    assert f"https://gitlab.example.cn/group/sub/app/-/blob/{mr.head}/app.py#L18" in summary["body"]
    # The job log has the findings, the Code Quality report all three.
    assert "app.py:27: high [bug] Division by zero on an empty list" in done.stdout
    assert len(mr.report()) == 3
    assert TOKEN not in done.stdout + done.stderr
    # The one request that listed discussions carried the token as GitLab asks.
    assert all(call.headers.get("private-token") == TOKEN for call in gitlab.calls)

    # The next pipeline of the same merge request: nothing new to say.
    mr.model.add(chat(FINDINGS))
    done = mr.job.run()
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(gitlab.notes(diff=True)) == 2 and len(gitlab.notes(diff=False)) == 1
    assert [c.method for c in gitlab.calls].count("PUT") == 1
    assert "2 already commented on by an earlier run" in gitlab.notes(diff=False)[0]["body"]
    assert gitlab.invalid == []


def _push(mr: MergeRequest, text: str, files: dict[str, str] | None = None) -> str:
    """A new commit on the merge request's branch (app.py as `text`, and any other `files`):
    GitLab makes a new diff version, and the next pipeline's job clones the new head."""
    mr.repo.write("app.py", text)
    for name, content in (files or {}).items():
        mr.repo.write(name, content)
    head = mr.repo.commit("second push")
    mr.gitlab.add_version(mr.repo.path, mr.base, head)
    mr.job.env["CI_COMMIT_SHA"] = head
    shutil.rmtree(mr.job.workspace)
    mr.repo.git("clone", "-q", "--depth", "20", "--branch", "feature",
                f"file://{mr.repo.path}", str(mr.job.workspace))  # fmt: skip
    return head


def _added(request: Request) -> list[str]:
    """The lines a request shows as added (marked + in the numbered code)."""
    text = "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")
    return [line for line in text.splitlines() if re.match(r"^\s*\d+ \+", line)]


@pytest.mark.parametrize("role", ["Developer", "Reporter"])
def test_a_second_push_reviews_its_commits_and_resolves_the_fixed_findings_discussion(
    merge_request: MergeRequest, role: str
) -> None:
    mr, gitlab = merge_request, merge_request.gitlab
    if role == "Reporter":  # it comments, but may not resolve: a warning, the review posted
        gitlab.reporter_tokens.add(TOKEN)
    divide = issue(27, "Division by zero on an empty list", quote="return total / len(xs)",
                   fix="return total / len(xs) if xs else 0.0")  # fmt: skip
    second = issue(31, "first() returns the second item", quote="return xs[1]",
                   fix="return xs[0]")  # fmt: skip

    def model(request: Request) -> Reply:
        """Reports each problem whose line is on the new side of what it is shown."""
        text = "\n".join(str(m.get("content")) for m in request.messages)
        new = {m.group(1).strip() for m in re.finditer(r"(?m)^\s*\d+ [+ ]\| (.*)$", text)}
        found = [i for i in (divide, second) if i["quote"] in new]
        return chat(review_json(4 if found else 9, issues=found))

    mr.model.responder = model
    done = mr.job.run()
    assert done.returncode == 1, done.stdout + done.stderr
    notes = {n["body"].split("**")[3]: n for n in gitlab.notes(diff=True)}
    assert (
        "```suggestion:-0+0\n    return xs[0]\n```"
        in notes["first() returns the second item"]["body"]
    )
    thread = {n["id"]: d["id"] for d in gitlab.discussions for n in d["notes"]}
    gitlab.reply(thread[notes["first() returns the second item"]["id"]],
                 "Intended: index 0 is a header row.", "alice")  # fmt: skip
    sent = len(mr.model.requests)

    head = _push(mr, HEAD.replace("return total / len(xs)", "return total / len(xs) if xs else 0.0")
                 .replace("return xs[1]", "return xs[1]  # after the header row"))  # fmt: skip
    done = mr.job.run()
    assert done.returncode == 0, done.stdout + done.stderr
    [request] = mr.model.requests[sent:]
    added = _added(request)
    assert len(added) == 2 and "if xs else 0.0" in added[0], added  # this push's lines only
    resolved = [d for d in gitlab.discussions if d["notes"][0].get("resolved")]
    [summary] = gitlab.notes(diff=False)
    if role == "Reporter":
        assert resolved == [] and "takes a token with the Developer role" in done.stderr
        assert not any("Resolved" in n["body"] for n in gitlab.notes(diff=True))
        assert f"..`{head[:12]}`" in summary["body"]
        return
    assert [d["notes"][0]["body"].split("**")[3] for d in resolved] == [
        "Division by zero on an empty list"
    ]
    assert head[:12] in resolved[0]["notes"][-1]["body"]  # the reply says where it was fixed
    assert f"..`{head[:12]}`" in summary["body"] and gitlab.invalid == []


def test_a_job_token_alone_warns_once_and_keeps_the_report_and_the_exit_code(
    merge_request: MergeRequest,
) -> None:
    mr = merge_request
    del mr.job.env["REVIEWER_GITLAB_TOKEN"]
    mr.model.add(chat(FINDINGS))
    done = mr.job.run()
    assert done.returncode == 1, done.stdout + done.stderr  # the findings decide
    assert done.stderr.count("warning: --post: no token can comment") == 1
    assert "REVIEWER_GITLAB_TOKEN" in done.stderr and "api scope" in done.stderr
    assert mr.gitlab.calls == []  # nothing tried that could not work
    assert len(mr.report()) == 3
    assert "Division by zero on an empty list" in done.stdout


def test_a_token_that_may_not_write_is_a_warning_not_a_failure(merge_request: MergeRequest) -> None:
    mr = merge_request
    mr.job.env["REVIEWER_GITLAB_TOKEN"] = "glpat-guest"
    mr.gitlab.read_only_tokens.add("glpat-guest")
    mr.gitlab.rate_limit_once = True  # and the first answer is a 429: waited out
    mr.model.add(chat(review_json(9, "Fine.")))
    done = mr.job.run()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "could not post to merge request !7 (403: 403 Forbidden)" in done.stderr
    assert "Developer role" in done.stderr
    assert mr.gitlab.discussions == []
    assert mr.report() == []


def test_a_shallow_clone_without_the_base_says_how_to_fix_it(merge_request: MergeRequest) -> None:
    mr = merge_request
    mr.job.env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = "f" * 40  # a base the clone does not have
    done = mr.job.run()
    assert done.returncode == 2, done.stdout + done.stderr
    assert "GIT_DEPTH: 0" in done.stderr
    assert mr.model.requests == [] and mr.gitlab.calls == []


def test_the_code_quality_report_validates_with_one_unique_fingerprint_per_finding(
    merge_request: MergeRequest,
) -> None:
    mr = merge_request
    # The same problem in two places: one fingerprint (path, category, title, quote) twice.
    twice = review_json(4, "Dup.", [
        issue(27, "Unchecked input", quote="xs"),
        issue(31, "Unchecked input", quote="xs", severity="critical"),
        issue(26, "Shadows sum", quote="total = sum(xs)", severity="low", category="style"),
    ])  # fmt: skip
    mr.model.add(chat(twice))
    done = mr.job.run()
    assert done.returncode == 1, done.stdout + done.stderr
    raw = (mr.job.workspace / "gl-code-quality-report.json").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # GitLab's parser refuses a byte-order mark
    report = mr.report()
    schema = json.loads(CODEQUALITY_SCHEMA.read_text())
    jsonschema.validate(report, schema)
    with pytest.raises(jsonschema.ValidationError):  # the schema can fail
        jsonschema.validate([{"description": "x", "severity": "high"}], schema)
    fingerprints = [item["fingerprint"] for item in report]
    assert len(fingerprints) == len(set(fingerprints)) == 3
    assert sorted(item["severity"] for item in report) == ["critical", "info", "major"]
    assert {item["location"]["path"] for item in report} == {"app.py"}
    assert sorted(item["location"]["lines"]["begin"] for item in report) == [26, 27, 31]


def test_a_merge_requests_config_and_templates_cannot_take_over_the_job(
    merge_request: MergeRequest, tmp_path: Path
) -> None:
    """The merge request brings a config naming its own templates (one writes the job's
    variables, tokens and all, to a file), a host for the key, a preset that sends the GitLab
    token as its key, and a Code Quality report path outside the build folder."""
    mr = merge_request
    attacker = FakeAPI()
    attacker.default = chat(FINDINGS)
    head = hostile_head(tmp_path, attacker, "REVIEWER_GITLAB_TOKEN", "codequality_file", "output")
    leak, victim = head.leak, head.victim
    try:
        _push(mr, HEAD, head.files)
        mr.model.default = chat(FINDINGS)
        mr.job.env["REVIEWER_PACK_TOKENS"] = "0"  # one file a request, each with FINDINGS
        done = mr.job.run()
        assert done.returncode == 1, done.stdout + done.stderr
        assert not leak.exists() and attacker.requests == []
        assert victim.read_text() == "untouched\n"
        assert all(TOKEN not in json.dumps(r.headers) for r in mr.model.requests)
        for key in ("prompts_dir", "base_url", "provider", "providers", "codequality_file"):
            assert f": {key} ignored: " in done.stderr, key
        assert "--trust-repo-config" not in done.stderr  # CI never offers it
        assert mr.report() and mr.gitlab.notes(diff=True)  # the operator's report and notes
    finally:
        attacker.close()
