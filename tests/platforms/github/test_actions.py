"""The Actions runner's side channels: the token masked, step outputs and the job summary
appended to the files the runner reads back, --post refused where it cannot work."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reviewer.errors import UsageError
from reviewer.platforms.github.actions import github_run, write_job_summary, write_outputs
from reviewer.platforms.github.context import GitHubContext
from reviewer.result import FileReview, Finding, ReviewResult

FINDING = Finding("src/a.py", 3, 3, "high", "bug", "Wrong", "m")
RESULT = ReviewResult(files=(FileReview("src/a.py", 4, "s", (FINDING,)),))


def _actions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "head": {"sha": "c" * 40}}}))
    values = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r",
              "GITHUB_EVENT_PATH": str(event), **env}  # fmt: skip
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_the_run_is_found_and_its_token_masked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _actions(monkeypatch, tmp_path, GITHUB_TOKEN="ghs_secret")
    stream = io.StringIO()
    ctx = github_run(True, stream)
    assert ctx is not None and (ctx.pr_number, ctx.head_sha) == (7, "c" * 40)
    assert stream.getvalue() == "::add-mask::ghs_secret\n"
    assert (
        ctx.link("src/a b.py", 3, 5) == f"https://github.com/o/r/blob/{'c' * 40}/src/a%20b.py#L3-L5"
    )


def test_post_is_refused_outside_a_pull_request_or_without_a_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert github_run(False, io.StringIO()) is None  # not in Actions: nothing to do
    with pytest.raises(UsageError, match="pull_request event"):
        github_run(True, io.StringIO())
    _actions(monkeypatch, tmp_path)
    with pytest.raises(UsageError, match="needs GITHUB_TOKEN"):
        github_run(True, io.StringIO())


def test_outputs_and_the_summary_are_appended(tmp_path: Path) -> None:
    output, summary = tmp_path / "output", tmp_path / "summary"
    output.write_text("earlier=1\n")
    ctx = GitHubContext("", "https://gh", "o/r", None, 7, "h", summary, output)
    write_outputs(ctx, RESULT, Path("out.sarif"))
    write_job_summary(ctx, RESULT)
    lines = output.read_text().splitlines()
    assert lines[:3] == ["earlier=1", "score=4", "findings=1"]
    assert lines[3] == f"sarif-file={Path('out.sarif').resolve()}"
    assert summary.read_text().startswith("## reviewer\n")
    assert "[`src/a.py:3`](https://gh/o/r/blob/h/src/a.py#L3)" in summary.read_text()


def test_an_unwritable_output_file_is_a_usage_error(tmp_path: Path) -> None:
    ctx = GitHubContext("", "https://gh", "o/r", None, output=tmp_path / "no" / "output")
    with pytest.raises(UsageError, match="cannot write"):
        write_outputs(ctx, RESULT, None)
