"""A pull request followed from push to push by the action, as a runner runs it: the second push
sends only its own commits' change, the finding it fixed has its thread resolved (not the one a
person answered), the findings it did not touch stay; a force push reviews the whole pull
request again. Fixes appear as committable suggestions. A `/review` comment runs the review."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.platforms.github.plan import SUMMARY_MARKER
from tests.actionrunner import PullRequest
from tests.conftest import API_KEY
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.gitrepo import GitRepo

BASE = "".join(f"def helper_{n}(x):\n    return x + {n}\n\n\n" for n in range(6))
MEAN = "def mean(xs):\n    total = sum(xs)\n    return total / len(xs)\n"  # lines 25-27
# Far from mean(): beyond the 20 lines of context a change of mean() is shown with.
FILLER = "".join(f"\n\ndef more_{n}(x):\n    return x * {n}\n" for n in range(10))
FIRST = "\n\ndef first(xs):\n    return xs[0]\n"
PUSH1 = BASE + MEAN + FILLER + FIRST
SAFE_MEAN = "    count = len(xs)\n    return sum(xs) / count if count else 0.0\n"
PUSH2 = PUSH1.replace("    total = sum(xs)\n    return total / len(xs)\n", SAFE_MEAN)

DIVIDE = issue(27, "Division by zero on an empty list", quote="return total / len(xs)",
               fix="return total / len(xs) if xs else 0.0")  # fmt: skip
TEMPORARY = issue(26, "Needless temporary", severity="low", category="style",
                  quote="total = sum(xs)")  # fmt: skip
INDEX = issue(68, "IndexError on an empty list", severity="medium", quote="return xs[0]")


def shown(request: Request) -> str:
    return "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")


def model(request: Request) -> Reply:
    """Reports each problem whose code it is shown, and nothing else."""
    code = shown(request)
    found = [i for i in (DIVIDE, TEMPORARY, INDEX) if str(i["quote"]) in code]
    return chat(review_json(4 if found else 9, issues=found))


@pytest.fixture
def pull(repo: GitRepo, fake: FakeAPI, runner_temp: Path, tmp_path: Path) -> Iterator[PullRequest]:
    opened = PullRequest.open(repo, fake, runner_temp, tmp_path, BASE, PUSH1)
    fake.responder = model
    yield opened
    opened.github.close()


def run(pull: PullRequest, *args: str) -> tuple[int, str]:
    inputs = {"api-key": API_KEY, "base-url": pull.model.url, "args": " ".join(args)}
    code, _, stdout, stderr = pull.runner.run(inputs, only={"pr", "fetch", "review"})
    return code, stdout + stderr


def comment_titled(pull: PullRequest, title: str) -> dict[str, object]:
    return next(c for c in pull.github.review_comments if title in c["body"])


def summary(pull: PullRequest) -> str:
    [comment] = [c for c in pull.github.issue_comments if SUMMARY_MARKER in c["body"]]
    return str(comment["body"])


def test_a_second_push_reviews_its_commits_and_resolves_the_fixed_findings_thread(
    pull: PullRequest,
) -> None:
    github = pull.github
    code, log = run(pull)
    assert code == 1, log  # the division is high
    assert len(github.review_comments) == 3 and github.invalid == []
    divide = comment_titled(pull, "Division by zero")
    # The fix, as GitHub's committable suggestion on exactly the quoted line.
    assert "```suggestion\n    return total / len(xs) if xs else 0.0\n```" in str(divide["body"])
    assert divide["line"] == 27 and "start_line" not in divide
    github.human_reply(int(str(comment_titled(pull, "Needless temporary")["id"])),
                       "It reads better this way; leaving it.")  # fmt: skip
    first_head = pull.runner.event["pull_request"]["head"]["sha"]
    sent = len(pull.model.requests)

    second_head = pull.push(PUSH2)
    code, log = run(pull)
    assert code == 0, log  # what is left is medium, under --fail-on high
    [request] = pull.model.requests[sent:]
    assert "if count else 0.0" in shown(request) and "return xs[0]" not in shown(request)
    # The fixed finding's thread: a reply, then resolved. The one a person answered: left open.
    assert github.resolved == {f"PRRT_{divide['id']}"}
    replies = [c for c in github.review_comments if c.get("in_reply_to_id") == divide["id"]]
    assert len(replies) == 1 and second_head[:12] in str(replies[0]["body"])
    assert github.graphql_errors == [] and github.invalid == []
    text = summary(pull)
    assert f"{first_head[:12]}`..`{second_head[:12]}" in text
    assert "IndexError on an empty list" in text  # untouched by the push: it stands
    assert "Division by zero" not in text.split("<!-- reviewer:state")[0]
    assert "1 thread of a fixed finding resolved" in text
    assert len(github.review_comments) == 5  # the two replies; nothing posted again

    # A push of nothing new (a re-run): nothing sent, the standing finding still reported.
    sent = len(pull.model.requests)
    code, log = run(pull)
    assert len(pull.model.requests) == sent and "IndexError on an empty list" in summary(pull)
    assert "No new commits since the last review" in summary(pull)


def test_a_force_push_reviews_the_whole_pull_request_again(pull: PullRequest) -> None:
    code, _ = run(pull)
    first_head = pull.runner.event["pull_request"]["head"]["sha"]
    sent = len(pull.model.requests)
    pull.push(PUSH1.replace("return xs[0]", "return xs[0] if xs else None"), force=True)
    code, log = run(pull)
    [request] = pull.model.requests[sent:]
    assert "def first(xs)" in shown(request) and "def mean(xs)" in shown(request)  # all of it
    assert f"the last reviewed commit `{first_head[:12]}` is no longer" in summary(pull)
    assert code == 1, log  # the division, found again, still fails the gate


def test_full_reviews_everything_and_resolves_what_it_no_longer_finds(pull: PullRequest) -> None:
    run(pull)
    sent = len(pull.model.requests)
    pull.push(PUSH2)
    code, _ = run(pull, "--full")
    [request] = pull.model.requests[sent:]
    assert "def first(xs)" in shown(request)
    assert "as asked (--full)" in summary(pull)
    gone = {comment_titled(pull, "Division by zero")["id"], comment_titled(pull, "temporary")["id"]}
    assert pull.github.resolved == {f"PRRT_{number}" for number in gone}
    assert code == 0 and "IndexError on an empty list" in summary(pull)


def test_a_review_that_failed_resolves_no_thread(pull: PullRequest) -> None:
    run(pull)
    pull.push(PUSH2)

    def failing(request: Request) -> Reply:
        return chat("not json")

    pull.model.responder = failing
    _, log = run(pull, "--on-provider-error", "warn")
    assert "not reviewed" in log
    assert pull.github.resolved == set(), log
    assert "Division by zero" in summary(pull)  # kept: nothing was reviewed to say otherwise


def comment_event(pull: PullRequest, body: str, association: str = "MEMBER") -> None:
    """The runner's event becomes an issue_comment on the pull request, shaped as
    https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment shows it:
    the pull request is an issue with a `pull_request` key, and the default branch is checked
    out (no pull_request object)."""
    opened = pull.runner.event.get("pull_request")
    if opened is not None:  # the pull request as the API shows it, from its opening event
        pull.github.pulls[opened["number"]] = {
            "number": opened["number"], "state": "open",
            "base": {"sha": opened["base"]["sha"], "ref": "main"},
            "head": {"sha": opened["head"]["sha"], "ref": "feature"},
        }  # fmt: skip
    [number] = pull.github.pulls
    event = {
        "action": "created",
        "issue": {"number": number, "state": "open", "title": "Add mean",
                  "pull_request": {"url": f"https://api.github.com/repos/octo/app/pulls/{number}"}},
        "comment": {"id": 4242, "body": body, "author_association": association,
                    "user": {"login": "octocat", "type": "User"}},
        "repository": {"full_name": "octo/app"},
        "sender": {"login": "octocat"},
    }  # fmt: skip
    pull.runner.event = event
    pull.runner.env["GITHUB_EVENT_NAME"] = "issue_comment"
    pull.event_path.write_text(json.dumps(event))


def test_a_review_comment_runs_the_review_of_that_pull_request(pull: PullRequest) -> None:
    comment_event(pull, "/review")
    code, log = run(pull)
    assert code == 1, log
    assert pull.github.reactions == [(4242, "eyes")]  # seen
    assert len(pull.model.requests) == 1 and len(pull.github.review_comments) == 3
    assert "Reviewed the whole change" in summary(pull) and pull.github.invalid == []

    comment_event(pull, "/review full\n\nplease")
    code, log = run(pull)
    assert "as asked (--full)" in summary(pull), log


@pytest.mark.parametrize(
    ("body", "association", "why"),
    [
        ("LGTM, thanks!", "MEMBER", "the comment is not /review"),
        ("/review", "NONE", "octocat has no write access"),
        ("please /review this", "OWNER", "the comment is not /review"),
    ],
)
def test_other_comments_and_outsiders_review_nothing(
    pull: PullRequest, body: str, association: str, why: str
) -> None:
    comment_event(pull, body, association)
    code, log = run(pull)
    assert code == 0 and why in log
    assert pull.model.requests == [] and pull.github.calls == []
