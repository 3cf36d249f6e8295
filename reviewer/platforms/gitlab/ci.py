"""A GitLab CI job as a Platform (platforms/detect.py): links to the reviewed commit, the merge
request's diff as the default range, and with --post the discussions and the summary note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from reviewer.errors import UsageError
from reviewer.platforms.detect import Delivery, Where
from reviewer.platforms.followup import Earlier
from reviewer.platforms.gitlab.context import FETCH_HINT, MR_EVENT, GitLabContext, gitlab_context
from reviewer.result import ReviewResult


@dataclass(frozen=True)
class GitLabRun:
    ctx: GitLabContext
    place: Where = field(default_factory=Where)
    name: str = "GitLab"
    fetch_hint: str | None = FETCH_HINT

    def where(self) -> Where:
        return self.place

    def link(self, path: str, line: int, end_line: int) -> str:
        return self.ctx.link(path, line, end_line)

    def default_diff(self) -> str | None:
        """The merge request's change: from its diff base (the merge base GitLab computed) to
        the reviewed commit."""
        ctx = self.ctx
        if ctx.diff_base is None or ctx.head_sha is None:
            return None
        return f"{ctx.diff_base}...{ctx.head_sha}"

    def earlier(self) -> Earlier | None:
        ctx = self.ctx
        if ctx.token is None or ctx.mr_iid is None:
            return None
        from reviewer.platforms.gitlab.api import GitLabAPI
        from reviewer.platforms.gitlab.post import earlier
        from reviewer.platforms.rest import read_or_none

        api = GitLabAPI(ctx.api_url, ctx.token)
        return read_or_none(api, lambda _: earlier(ctx, api))  # None: the whole change

    def deliver(self, result: ReviewResult, how: Delivery) -> list[str]:
        """With --post, the discussions, the resolved threads and the summary note. A run that
        reviewed nothing posts nothing: its report in the job log lists the failures."""
        if not how.post or (result.failed and not result.files):
            return []
        ctx = self.ctx
        if ctx.token is None:
            from reviewer.platforms.gitlab.post import TOKEN_HELP

            return [
                f"--post: no token can comment on merge request !{ctx.mr_iid} (CI_JOB_TOKEN "
                f"cannot); {TOKEN_HELP}. The findings are in the job log"
            ]
        from reviewer.platforms.gitlab.api import GitLabAPI
        from reviewer.platforms.gitlab.post import publish

        api = GitLabAPI(ctx.api_url, ctx.token)
        try:
            return publish(result, ctx, api, how.follow)
        finally:
            api.close()


def detect(env: Mapping[str, str], post: bool, stream: TextIO) -> GitLabRun | None:
    ctx = gitlab_context(env)
    if ctx is None:
        return None
    if post and ctx.mr_iid is None:
        source = ctx.pipeline_source or "unknown"
        raise UsageError(
            f"--post works in a GitLab merge-request pipeline; this pipeline's source is "
            f'{source}: run the job with rules: - if: $CI_PIPELINE_SOURCE == "{MR_EVENT}"'
        )
    if post and not ctx.project:
        raise UsageError("--post needs CI_PROJECT_ID (set by GitLab's runner)")
    author = env.get("CI_COMMIT_AUTHOR", "")  # "Name <email>"
    mr = f"{ctx.project_url}/-/merge_requests/{ctx.mr_iid}" if ctx.mr_iid else None
    place = Where(
        repository=env.get("CI_PROJECT_PATH") or None,
        branch=env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") or env.get("CI_COMMIT_REF_NAME"),
        change=f"!{ctx.mr_iid}" if ctx.mr_iid else None,
        change_url=mr,
        run_url=env.get("CI_JOB_URL") or env.get("CI_PIPELINE_URL") or None,
        author_email=author[author.find("<") + 1 : -1] if author.endswith(">") else None,
    )
    return GitLabRun(ctx, place)
