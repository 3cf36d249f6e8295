"""The GitHub Actions runner's side channels: masking the token, the job summary, step outputs.
Each is a file or a stream the runner reads back after the step."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from reviewer.errors import UsageError
from reviewer.platforms.detect import Delivery, Where
from reviewer.platforms.followup import Earlier, FollowUp
from reviewer.platforms.github.context import GitHubContext, github_context
from reviewer.render.markdown import SUMMARY_LIMIT, fit, render_markdown
from reviewer.result import ReviewResult


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def mask_token(ctx: GitHubContext, stream: TextIO) -> None:
    """Ask the runner to hide the token from every log line, should anything ever echo it."""
    if ctx.token:
        stream.write(f"::add-mask::{ctx.token}\n")
        stream.flush()


def write_job_summary(ctx: GitHubContext, result: ReviewResult) -> None:
    if ctx.step_summary is None:
        return
    text = render_markdown(result, link=ctx.link)
    _append(ctx.step_summary, fit(text, SUMMARY_LIMIT, "Cut to fit the job summary's 1 MiB."))


def write_outputs(ctx: GitHubContext, result: ReviewResult, sarif: Path | None) -> None:
    """Step outputs `score`, `findings` and `sarif-file` (the action passes them on)."""
    if ctx.output is None:
        return
    score = "" if result.score is None else str(result.score)
    lines = [f"score={score}", f"findings={len(result.findings)}"]
    lines.append(f"sarif-file={sarif.resolve() if sarif is not None else ''}")
    _append(ctx.output, "\n".join(lines) + "\n")


def github_run(
    post: bool, stream: TextIO, env: Mapping[str, str] = os.environ
) -> GitHubContext | None:
    """The Actions run this is (None elsewhere), its token masked. --post outside a pull request
    is a usage error, found before any token is spent."""
    ctx = github_context(env)
    if post and (ctx is None or ctx.pr_number is None):
        raise UsageError(
            "--post works in a GitHub Actions run of a pull_request event "
            "(GITHUB_ACTIONS, GITHUB_REPOSITORY and GITHUB_EVENT_PATH set by the runner)"
        )
    if ctx is not None:
        mask_token(ctx, stream)
    if post and ctx is not None and not ctx.token:
        raise UsageError("--post needs GITHUB_TOKEN (the action passes its github-token input)")
    return ctx


def deliver(
    ctx: GitHubContext,
    result: ReviewResult,
    *,
    post: bool,
    sarif_file: Path | None,
    follow: FollowUp | None = None,
) -> list[str]:
    """The job summary and step outputs, and with --post the pull-request review; returns the
    warnings to show (posting never fails the run). A run that reviewed nothing still writes
    its job summary (which lists the failures), but posts nothing to the pull request."""
    write_job_summary(ctx, result)
    write_outputs(ctx, result, sarif_file)
    if not post or not ctx.token or (result.failed and not result.files):
        return []
    from reviewer.platforms.github.api import GitHubAPI
    from reviewer.platforms.github.post import publish

    api = GitHubAPI(ctx.api_url, ctx.token)
    try:
        return publish(result, ctx, api, follow)
    finally:
        api.close()


@dataclass(frozen=True)
class GitHubRun:
    """This run as a Platform (platforms/detect.py)."""

    ctx: GitHubContext
    place: Where = field(default_factory=Where)
    name: str = "GitHub"
    fetch_hint: str | None = None  # git's usual advice names fetch-depth already

    def where(self) -> Where:
        return self.place

    def link(self, path: str, line: int, end_line: int) -> str:
        return self.ctx.link(path, line, end_line)

    def default_diff(self) -> str | None:
        return None  # the action names its range

    def earlier(self) -> Earlier | None:
        if not self.ctx.token or self.ctx.pr_number is None:
            return None
        from reviewer.platforms.github.api import GitHubAPI
        from reviewer.platforms.github.post import earlier
        from reviewer.platforms.rest import read_or_none

        api = GitHubAPI(self.ctx.api_url, self.ctx.token)
        return read_or_none(api, lambda _: earlier(self.ctx, api))  # None: the whole change

    def deliver(self, result: ReviewResult, how: Delivery) -> list[str]:
        return deliver(self.ctx, result, post=how.post, sarif_file=how.sarif_file,
                       follow=how.follow)  # fmt: skip


def detect(env: Mapping[str, str], post: bool, stream: TextIO) -> GitHubRun | None:
    ctx = github_run(post, stream, env)
    if ctx is None:
        return None
    base = f"{ctx.server_url}/{ctx.repository}"
    run = env.get("GITHUB_RUN_ID")
    place = Where(
        repository=ctx.repository,
        branch=env.get("GITHUB_HEAD_REF") or env.get("GITHUB_REF_NAME") or None,
        change=f"#{ctx.pr_number}" if ctx.pr_number else None,
        change_url=f"{base}/pull/{ctx.pr_number}" if ctx.pr_number else None,
        run_url=f"{base}/actions/runs/{run}" if run else None,
    )
    return GitHubRun(ctx, place)
