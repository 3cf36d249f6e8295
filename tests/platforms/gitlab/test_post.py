"""Posting to a merge request against the strict fake GitLab (tests/fakegitlab.py): what goes
inline and what to the summary, refusals one discussion at a time, pagination, rate limits,
and errors that never carry the token."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from reviewer.platforms.gitlab.api import GitLabAPI, GitLabError
from reviewer.platforms.gitlab.context import GitLabContext
from reviewer.platforms.gitlab.post import publish
from reviewer.result import FileReview, Finding, ReviewResult, fingerprint
from tests.fakegitlab import CANNOT_PLACE, FakeGitLab
from tests.gitrepo import GitRepo

TOKEN = "glpat-unit0123456789"
OLD = "".join(f"line {n}\n" for n in range(1, 41))
NEW = OLD.replace("line 10\n", "line 10 changed\nline 10b\n").replace("line 30\n", "")


def finding(line: int, end: int | None = None, title: str = "Wrong") -> Finding:
    return Finding("src/a.py", line, end or line, "high", "bug", title, "m", quote=title)


def result_of(*findings: Finding) -> ReviewResult:
    return ReviewResult(files=(FileReview("src/a.py", 4, "Risky.", findings),))


@pytest.fixture
def gitlab(tmp_path: Path) -> Iterator[tuple[FakeGitLab, GitLabContext]]:
    repo = GitRepo(tmp_path / "repo")
    repo.write("src/a.py", OLD)
    base = repo.commit("base")
    repo.write("src/a.py", NEW)
    head = repo.commit("head")
    server = FakeGitLab(TOKEN)
    server.add_version(repo.path, base, head)
    ctx = GitLabContext(server.url, "group/sub/app", "https://gl.example/group/sub/app",
                        "merge_request_event", TOKEN, True, 7, base, head)  # fmt: skip
    yield server, ctx
    server.close()


def post(server: FakeGitLab, ctx: GitLabContext, result: ReviewResult) -> list[str]:
    api = GitLabAPI(server.url, TOKEN, sleep=lambda _: None)
    try:
        return publish(result, ctx, api)
    finally:
        api.close()


def test_lines_of_the_diff_go_inline_the_rest_to_the_summary(
    gitlab: tuple[FakeGitLab, GitLabContext],
) -> None:
    server, ctx = gitlab
    # 10-11 added; 8 and 13 unchanged context; 29 sits beside the removal; 20 is off the diff.
    findings = [finding(10, 11, "Range"), finding(8, title="Context"), finding(29, title="Edge"),
                finding(20, title="Far")]  # fmt: skip
    assert post(server, ctx, result_of(*findings)) == []
    assert server.invalid == [] and server.refused == []
    spots = {n["body"].split("**")[3]: n["position"] for n in server.notes(diff=True)}
    assert set(spots) == {"Range", "Context", "Edge"}
    assert (spots["Context"]["old_line"], spots["Context"]["new_line"]) == (8, 8)
    assert "old_line" not in spots["Range"] and spots["Range"]["new_line"] == 11
    assert [end["type"] for end in spots["Range"]["line_range"].values()] == ["new", "new"]
    assert (spots["Edge"]["old_line"], spots["Edge"]["new_line"]) == (28, 29)
    [summary] = server.notes(diff=False)
    assert "Far" in summary["body"] and "1 finding is not on the diff's lines" in summary["body"]
    # The project went by its URL-encoded path.
    assert all("/projects/group%2Fsub%2Fapp/" in call.path for call in server.calls)


def test_a_refused_discussion_leaves_the_others_posted_and_goes_to_the_summary(
    gitlab: tuple[FakeGitLab, GitLabContext],
) -> None:
    server, ctx = gitlab
    server.refuse_new_lines = {10}
    warnings = post(server, ctx, result_of(finding(10, title="Refused"), finding(11, title="Kept")))
    assert len(warnings) == 1 and "GitLab refused 1 inline comment" in warnings[0]
    assert "can't be blank" in warnings[0]
    assert [n["body"].split("**")[3] for n in server.notes(diff=True)] == ["Kept"]
    [summary] = server.notes(diff=False)
    assert (
        "Refused" in summary["body"] and "1 finding is not on the diff's lines" in summary["body"]
    )


@pytest.mark.parametrize("link", [True, False], ids=["Link", "X-Next-Page"])
def test_what_an_earlier_run_posted_is_found_across_pages_and_not_posted_again(
    gitlab: tuple[FakeGitLab, GitLabContext], link: bool
) -> None:
    server, ctx = gitlab
    server.link_header = link
    findings = [finding(line, title=f"Problem {line}") for line in (8, 9, 10, 11, 12)]
    post(server, ctx, result_of(*findings))
    assert len(server.notes(diff=True)) == 5  # and the summary: three pages of two
    before = len(server.calls)
    assert post(server, ctx, result_of(*findings, finding(13, title="New"))) == []
    assert len(server.notes(diff=True)) == 6 and len(server.notes(diff=False)) == 1
    methods = [c.method for c in server.calls[before:]]
    assert methods.count("POST") == 1 and methods.count("PUT") == 1
    assert "5 already commented on by an earlier run" in server.notes(diff=False)[0]["body"]
    fingerprints = [f"<!-- reviewer:fp={fingerprint(f)} -->" for f in findings]
    assert all(any(fp in n["body"] for n in server.notes(diff=True)) for fp in fingerprints)


def test_on_a_merge_request_that_moved_on_only_unchanged_lines_stay_inline(
    gitlab: tuple[FakeGitLab, GitLabContext],
) -> None:
    server, ctx = gitlab
    # Reviewed at another commit than the merge request's latest version.
    moved = GitLabContext(ctx.api_url, ctx.project, ctx.project_url, ctx.pipeline_source,
                          ctx.token, True, 7, ctx.diff_base, "e" * 40)  # fmt: skip
    same = Finding("src/a.py", 10, 10, "high", "bug", "Same", "m", quote="line 10 changed")
    gone = Finding("src/a.py", 11, 11, "high", "bug", "Gone", "m", quote="code not there")
    warnings = post(server, moved, result_of(same, gone))
    assert len(warnings) == 1 and "moved on to" in warnings[0] and "1 finding whose" in warnings[0]
    [note] = server.notes(diff=True)
    assert note["position"]["new_line"] == 10 and "Same" in note["body"]
    assert note["position"]["head_sha"] == server.versions[0]["head_commit_sha"]
    [summary] = server.notes(diff=False)
    assert "Gone" in summary["body"]


def test_the_api_waits_out_a_429_as_told_and_never_shows_the_token() -> None:
    server = FakeGitLab(TOKEN)
    waits: list[float] = []
    api = GitLabAPI(server.url, TOKEN, sleep=waits.append)
    server.rate_limit_once = True
    assert api.paginate("/projects/42/merge_requests/7/discussions") == []
    assert waits == [1.0]  # Retry-After
    api.close()
    wrong = GitLabAPI(server.url, "glpat-wrong-secret", sleep=waits.append)
    with pytest.raises(GitLabError) as caught:
        wrong.request("POST", "/projects/42/merge_requests/7/notes", {"body": "x"})
    assert caught.value.status == 401 and "glpat-wrong-secret" not in str(caught.value)
    wrong.close()
    server.close()


def test_gitlab_error_bodies_are_read_into_one_line() -> None:
    api = GitLabAPI("http://127.0.0.1:9", TOKEN)
    assert api.describe({"message": CANNOT_PLACE}) == CANNOT_PLACE
    assert api.describe({"message": {"note": ["is too long"], "base": ["x", "y"]}}) == (
        "note is too long; base x, y"
    )
    assert api.describe({"error": "position[line_range] is invalid"}) == (
        "position[line_range] is invalid"
    )
    assert api.describe(["odd"]) is None
    api.close()


def test_a_rate_limit_reset_is_waited_for_when_there_is_no_retry_after() -> None:
    class Response:
        status_code = 429
        headers: ClassVar[dict[str, str]] = {"ratelimit-reset": str(int(time.time()) + 5)}

    api = GitLabAPI("http://127.0.0.1:9", TOKEN)
    wait = api.wait(Response())
    assert wait is not None and 3 <= wait <= 5
    api.close()


def test_model_text_cannot_run_quick_actions_or_notify_other_items(
    gitlab: tuple[FakeGitLab, GitLabContext],
) -> None:
    server, ctx = gitlab
    message = "/approve\n/merge\n  /close\nSee #12, !34 and @all."
    hostile = Finding("src/a.py", 10, 10, "high", "bug", "Close #3 and !4", message, "/unassign")
    far = Finding("src/a.py", 20, 20, "low", "bug", "/label ~x #5", "/approve")
    review = FileReview("src/a.py", 4, "/merge", (hostile, far))
    post(server, ctx, ReviewResult(files=(review,)))
    bodies = [n["body"] for d in server.discussions for n in d["notes"]]
    assert len(bodies) == 2
    for body in bodies:
        lines = body.splitlines()
        assert not [line for line in lines if line.lstrip().startswith("/")], body
        assert not re.search(r"[#!]\d|@all", body), body


def test_renamed_and_new_files_are_named_as_gitlab_names_them(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("old/name.py", OLD)
    base = repo.commit("base")
    (repo.path / "old" / "name.py").unlink()
    repo.write("new/name.py", "header\n" + OLD.replace("line 20\n", "line 20 changed\n"))
    repo.write("added.py", "one\ntwo\n")
    head = repo.commit("rename and add")
    server = FakeGitLab(TOKEN)
    server.add_version(repo.path, base, head)
    ctx = GitLabContext(server.url, "42", "https://gl.example/g/app", "merge_request_event",
                        TOKEN, True, 7, base, head)  # fmt: skip
    # One line added above: old line 18 is new 19; new 21 is the changed (added) line.
    moved = Finding("new/name.py", 19, 21, "high", "bug", "Moved", "m")
    added = Finding("added.py", 2, 2, "low", "style", "Added", "m")
    review = ReviewResult(files=(FileReview("new/name.py", 5, "s", (moved,)),
                                 FileReview("added.py", 5, "s", (added,))))  # fmt: skip
    assert post(server, ctx, review) == []
    server.close()
    assert server.refused == [] and server.invalid == []
    spots = {n["position"]["new_path"]: n["position"] for n in server.notes(diff=True)}
    assert spots["new/name.py"]["old_path"] == "old/name.py"
    assert "old_line" not in spots["new/name.py"] and spots["new/name.py"]["new_line"] == 21
    start = spots["new/name.py"]["line_range"]["start"]
    assert (start["type"], start["old_line"], start["new_line"]) == ("old", 18, 19)
    assert spots["added.py"]["old_path"] == "added.py" and "old_line" not in spots["added.py"]


def test_without_single_versions_the_latest_diffs_place_the_findings(
    gitlab: tuple[FakeGitLab, GitLabContext],
) -> None:
    server, ctx = gitlab
    server.single_versions = False
    assert post(server, ctx, result_of(finding(10, title="Placed"), finding(20, title="Off"))) == []
    assert [n["position"]["new_line"] for n in server.notes(diff=True)] == [10]
    assert any(call.path.split("?")[0].endswith("/diffs") for call in server.calls)
