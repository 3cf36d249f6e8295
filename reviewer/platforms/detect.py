"""Which CI platform this run is in, from the variables its runner sets, as one `Platform`.

Each adapter has a `detect(env, post, stream)`, called in its CI only, that raises a UsageError
when --post cannot work there. A new platform is one more entry in DETECTORS.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from reviewer.errors import UsageError
from reviewer.platforms.followup import Earlier, FollowUp
from reviewer.result import ReviewResult

# (the variable the CI's runner sets to "true", the adapter's module): the module is imported
# only in its CI, so a run elsewhere (a pre-commit hook) pays for none of them.
DETECTORS = (
    ("GITHUB_ACTIONS", "reviewer.platforms.github.actions"),
    ("GITLAB_CI", "reviewer.platforms.gitlab.ci"),
)


@dataclass(frozen=True)
class Where:
    """Where a run is, for the messages that tell a team about it: each part when known."""

    repository: str | None = None
    branch: str | None = None
    change: str | None = None  # the pull or merge request, as people write it: #7, !7
    change_url: str | None = None
    run_url: str | None = None  # the CI job or run
    author_email: str | None = None  # of the reviewed commit


@dataclass(frozen=True)
class Delivery:
    """What a run hands its platform with the result: whether to post, the SARIF file the step
    outputs name, and, when posting, how this review follows the last one."""

    post: bool = False
    sarif_file: Path | None = None
    follow: FollowUp | None = None


class Platform(Protocol):
    name: str
    # How to get a missing commit into this CI's shallow clone (None: git's usual advice).
    fetch_hint: str | None

    def link(self, path: str, line: int, end_line: int) -> str:
        """Where a file's lines are shown at the reviewed commit."""
        ...

    def where(self) -> Where:
        """The repository, branch, pull or merge request and CI run, with their links."""
        ...

    def default_diff(self) -> str | None:
        """The change this run is about, as a --diff range, for a run that names none."""
        ...

    def earlier(self) -> Earlier | None:
        """What the last review of this pull or merge request recorded (None: no review yet,
        or it cannot be read)."""
        ...

    def deliver(self, result: ReviewResult, how: Delivery) -> list[str]:
        """The platform's side channels, and with `how.post` the review (resolving the threads
        of the findings `how.follow` says are gone); returns the warnings. Never fails the run:
        the exit code follows the findings alone."""
        ...


def detect(env: Mapping[str, str], post: bool, stream: TextIO) -> Platform | None:
    for variable, name in DETECTORS:
        if env.get(variable) != "true":
            continue
        found: Platform | None = importlib.import_module(name).detect(env, post, stream)
        if found is not None:
            return found
    if post:
        raise UsageError(
            "--post works in a GitHub Actions run of a pull_request event (GITHUB_ACTIONS, "
            "GITHUB_REPOSITORY and GITHUB_EVENT_PATH set by the runner) or in a GitLab "
            "merge-request pipeline (CI_PIPELINE_SOURCE=merge_request_event)"
        )
    return None
