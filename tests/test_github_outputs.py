"""What GitHub reads: annotations escaped as the Actions toolkit escapes them, SARIF valid against
both schemas, Markdown within GitHub's limits, comments placed only on the diff's lines."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from reviewer.platforms.github.actions import deliver
from reviewer.platforms.github.api import GitHubAPI, GitHubError
from reviewer.platforms.github.context import GitHubContext
from reviewer.platforms.github.plan import place, plan_review
from reviewer.render.github import escape_data, escape_property, render_github
from reviewer.render.markdown import COMMENT_LIMIT, fit, render_markdown
from reviewer.render.sarif import sarif_document
from reviewer.result import FileReview, Finding, ReviewResult, Skipped, fingerprint
from tests.conftest import refdata
from tests.fakegithub import FakeGitHub


def finding(line: int = 3, end: int | None = None, **fields: str) -> Finding:
    values = {"path": "src/app.py", "severity": "high", "category": "bug", "title": "Crash",
              "message": "It crashes.", **fields}  # fmt: skip
    return Finding(line=line, end_line=end or line, **values)  # type: ignore[arg-type]


def result_of(*findings: Finding, ranges: tuple[tuple[int, int], ...] = ()) -> ReviewResult:
    return ReviewResult(files=(FileReview("src/app.py", 4, "Risky.", findings, ranges),))


def test_annotations_escape_data_and_properties_as_the_toolkit_does() -> None:
    assert escape_data("100% done\r\nnext::x") == "100%25 done%0D%0Anext::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    tricky = finding(title="Bad: a, b", message="50% of calls fail\n::error::forged,x:y")
    line = render_github(result_of(tricky)).splitlines()[0]
    assert line == (
        "::error title=high [bug] Bad%3A a%2C b,file=src/app.py,line=3,endLine=3"
        "::50%25 of calls fail%0A::error::forged,x:y"
    )
    assert line.count("\n") == 0  # the forged command stays inside the message


def test_annotations_beyond_ten_per_level_go_to_the_job_summary() -> None:
    many = [finding(n, title=f"Crash {n}") for n in range(1, 13)]
    many += [finding(n, severity="low", title=f"Nit {n}") for n in range(1, 3)]
    out = render_github(result_of(*many)).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::notice ") for line in out) == 2
    assert "2 more findings than GitHub shows as annotations" in out[-1]


def test_sarif_validates_against_both_schemas_with_levels_and_fingerprints() -> None:
    findings = [
        finding(3, 5, severity="critical"),
        finding(7, severity="medium", category="security", title="Injection"),
        finding(9, severity="low", category="style", title="Name"),
    ]
    document = sarif_document(result_of(*findings))
    for name in ("sarif-2.1.0.schemastore.json", "sarif-schema-2.1.0.oasis.json",
                 "sarif-2.1.0-rtm.6.schemastore.json"):  # fmt: skip
        jsonschema.validate(document, json.loads(refdata("schemas", name).read_text()))
    with pytest.raises(jsonschema.ValidationError):  # the schemas can fail
        jsonschema.validate(
            {"version": "2.1.0", "runs": [{}]},
            json.loads(refdata("schemas", "sarif-2.1.0.schemastore.json").read_text()),
        )
    run = document["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["bug", "security", "performance", "maintainability", "style", "docs", "test"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    first = run["results"][0]
    assert first["ruleIndex"] == 0 and rules[first["ruleIndex"]] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/app.py"
    assert location["region"] == {"startLine": 3, "endLine": 5}
    assert first["partialFingerprints"] == {"reviewerFinding/v1": fingerprint(findings[0])}


def test_a_fingerprint_survives_moved_lines_but_not_a_different_problem() -> None:
    assert fingerprint(finding(3, quote="x = 1")) == fingerprint(finding(40, quote="x  =  1"))
    assert fingerprint(finding(3)) != fingerprint(finding(3, title="Leak"))


def test_markdown_links_lines_and_keeps_table_cells_whole() -> None:
    text = render_markdown(
        result_of(finding(3, 5, title="a | b", message="line one\nline two")),
        link=lambda path, line, end: f"https://gh/{path}#L{line}-L{end}",
    )
    assert "score **4/10**: 1 finding (1 high) in 1 file." in text
    assert "[`src/app.py:3-5`](https://gh/src/app.py#L3-L5)" in text
    row = next(line for line in text.splitlines() if "src/app.py:3-5" in line)
    assert "a \\| b" in row and "line one line two" in row


def test_long_bodies_are_cut_at_a_line_with_a_note() -> None:
    text = "\n".join(f"row {n}" for n in range(20_000))
    cut = fit(text, COMMENT_LIMIT, "Cut.")
    assert len(cut) <= COMMENT_LIMIT and cut.endswith("*Cut.*\n")
    assert fit("short", COMMENT_LIMIT, "Cut.") == "short"


@pytest.mark.parametrize(
    ("line", "end", "expected"),
    [(5, 5, (5, None)), (4, 6, (6, 4)), (6, 12, (6, None)), (8, 12, (12, None)), (8, 9, None)],
)
def test_comments_sit_only_on_lines_of_the_diff(
    line: int, end: int, expected: tuple[int, int | None] | None
) -> None:
    assert place(finding(line, end), [(1, 7), (10, 14)]) == expected


def test_findings_already_commented_on_are_not_posted_again() -> None:
    old, new, off = finding(3, title="Old"), finding(4, title="New"), finding(40, title="Off")
    plan = plan_review(result_of(old, new, off, ranges=((1, 10),)), {fingerprint(old)})
    assert [c["line"] for c in plan.comments] == [4]
    assert plan.unplaced == [off] and plan.repeated == 1
    assert f"<!-- reviewer:fp={fingerprint(new)} -->" in plan.comments[0]["body"]


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub.from_refdata(refdata("github", "request_bodies.json"), "t0ken")
    yield server
    server.close()


def test_a_rate_limit_is_waited_out_when_short_and_reported_when_long(github: FakeGitHub) -> None:
    waits: list[float] = []
    api = GitHubAPI(github.url, "t0ken", sleep=waits.append)
    github.rate_limit_once = True
    github.rate_limit_headers = {"x-ratelimit-remaining": "0",
                                 "x-ratelimit-reset": str(int(time.time()) + 2)}  # fmt: skip
    assert api.paginate("/repos/o/r/issues/1/comments") == []
    assert len(waits) == 1 and 0 < waits[0] <= 2
    github.rate_limit_once = True
    github.rate_limit_headers = {"Retry-After": "3600"}
    with pytest.raises(GitHubError, match="403: You have exceeded a secondary rate limit"):
        api.paginate("/repos/o/r/issues/1/comments")
    assert len(waits) == 1  # an hour is not slept through
    api.close()


def test_the_token_never_appears_in_a_github_error(github: FakeGitHub) -> None:
    api = GitHubAPI(github.url, "wrong-t0ken")
    with pytest.raises(GitHubError) as caught:
        api.request("POST", "/repos/o/r/issues/1/comments", {"body": "x"})
    assert caught.value.status == 401 and "wrong-t0ken" not in str(caught.value)
    api.close()


def test_a_review_github_refuses_still_leaves_the_summary(github: FakeGitHub) -> None:
    from reviewer.platforms.github.context import GitHubContext
    from reviewer.platforms.github.post import publish

    # GitHub's idea of the diff is narrower than ours: it answers 422, as it would.
    github.diff = {"src/app.py": [(1, 2)]}
    ctx = GitHubContext("", "https://gh", "o/r", "t0ken", 5, "h" * 40)
    api = GitHubAPI(github.url, "t0ken")
    warnings = publish(result_of(finding(3), ranges=((1, 10),)), ctx, api)
    api.close()
    assert warnings and "GitHub refused the inline comments (422" in warnings[0]
    assert github.reviews == [] and github.review_comments == []
    [summary] = github.issue_comments
    assert "Crash" in summary["body"] and "1 finding is not on the diff's lines" in summary["body"]
    assert github.invalid == []


def test_a_run_that_reviewed_nothing_writes_its_failures_to_the_job_summary_and_posts_nothing(
    tmp_path: Path,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("")
    # An API that cannot be reached: posting anything would be a warning about it.
    ctx = GitHubContext(
        "http://127.0.0.1:9", "https://github.example", "octo/app", "ghs_token", 7, "abc",
        step_summary=summary,
    )  # fmt: skip
    failed = (Skipped("src/app.py", "timed out", "not reviewed within the run's timeout (5 s)"),)
    assert deliver(ctx, ReviewResult(failed=failed), post=True, sarif_file=None) == []
    text = summary.read_text()
    assert "**⚠️ 1 file could not be reviewed:**" in text
    assert "`src/app.py`: timed out: not reviewed within the run's timeout (5 s)" in text
