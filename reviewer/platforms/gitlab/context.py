"""Where a run in GitLab CI is: the API, the project, the merge request, the commits of its
diff. Read from GitLab's predefined CI/CD variables
(https://docs.gitlab.com/ci/variables/predefined_variables/)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

MR_EVENT = "merge_request_event"
TOKEN_VARS = ("REVIEWER_GITLAB_TOKEN", "GITLAB_TOKEN")
# GitLab clones 20 commits deep by default (GIT_DEPTH); a merge request's base may be older.
FETCH_HINT = (
    "set GIT_DEPTH: 0 in the job's variables (GitLab clones 20 commits deep by default), or "
    "run git fetch origin $CI_MERGE_REQUEST_DIFF_BASE_SHA before reviewer"
)


def _get(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


@dataclass(frozen=True)
class GitLabContext:
    api_url: str
    project: str  # the numeric id, or the path as given
    project_url: str
    pipeline_source: str
    token: str | None  # one that can write notes; never the job token
    job_token: bool  # CI_JOB_TOKEN is there (it cannot write notes)
    mr_iid: int | None = None
    diff_base: str | None = None
    head_sha: str | None = None

    @property
    def project_ref(self) -> str:
        """The project as the API takes it in a path: the id, or the URL-encoded path."""
        return quote(self.project, safe="")

    def link(self, path: str, line: int, end_line: int) -> str:
        """The lines of a file at the reviewed commit, on GitLab."""
        span = f"L{line}" if end_line == line else f"L{line}-{end_line}"
        ref = self.head_sha or "HEAD"
        return f"{self.project_url}/-/blob/{ref}/{quote(path)}#{span}"


def gitlab_context(env: Mapping[str, str]) -> GitLabContext | None:
    """The context of a GitLab CI job, or None elsewhere."""
    if env.get("GITLAB_CI") != "true":
        return None
    server = (_get(env, "CI_SERVER_URL") or "https://gitlab.com").rstrip("/")
    project = _get(env, "CI_MERGE_REQUEST_PROJECT_ID", "CI_PROJECT_ID", "CI_PROJECT_PATH") or ""
    source = _get(env, "CI_PIPELINE_SOURCE") or ""
    iid = _get(env, "CI_MERGE_REQUEST_IID")
    job_token = _get(env, "CI_JOB_TOKEN")
    token = _get(env, *TOKEN_VARS)
    return GitLabContext(
        api_url=(_get(env, "CI_API_V4_URL") or f"{server}/api/v4").rstrip("/"),
        project=project,
        project_url=(_get(env, "CI_MERGE_REQUEST_PROJECT_URL", "CI_PROJECT_URL") or server).rstrip(
            "/"
        ),
        pipeline_source=source,
        # The job token pasted into GITLAB_TOKEN still cannot write notes.
        token=token if token != job_token else None,
        job_token=job_token is not None,
        mr_iid=int(iid) if source == MR_EVENT and iid and iid.isdigit() else None,
        diff_base=_get(env, "CI_MERGE_REQUEST_DIFF_BASE_SHA") if source == MR_EVENT else None,
        # In a merged-results pipeline the commit is a merge; the merge request's diff is the
        # source branch's.
        head_sha=_get(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", "CI_COMMIT_SHA"),
    )
