"""The self-check pass: a second request that keeps, drops or re-grades findings, and that can
never empty a review by failing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, error, issue, review_json

Cli = Callable[..., Run]
TWO = review_json(
    4,
    "Two problems.",
    [
        issue(2, "Loop reads one past the end"),
        issue(4, "value unbound for empty input", severity="medium"),
    ],
)


def verdicts(*items: dict[str, object]) -> str:
    return json.dumps({"verdicts": list(items)})


def test_self_check_is_off_by_default(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(TWO))
    cli("app.py")
    assert len(fake.chat_requests) == 1


def test_self_check_sees_numbered_code_and_findings_with_ids(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(TWO), chat(verdicts({"id": 1, "keep": True}, {"id": 2, "keep": True})))
    run = cli("app.py", "--self-check")
    assert run.exit_code == 1
    check = fake.chat_requests[1]
    assert check.body["response_format"]["json_schema"]["name"] == "self_check"
    user = check.messages[-1]["content"]
    assert "2 |     for i in range(len(xs) + 1):" in user
    assert "[1] line 2, high bug: Loop reads one past the end" in user
    assert "[2] line 4, medium bug: value unbound for empty input" in user
    assert run.stdout.count("app.py:") == 3  # both findings and the file's score line


def test_self_check_drops_and_regrades(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(
        chat(TWO),
        chat(verdicts({"id": 1, "keep": True, "severity": "medium"}, {"id": 2, "keep": False})),
    )
    run = cli("app.py", "--self-check", "--format", "json")
    assert run.exit_code == 0  # the one left is medium, under --fail-on high
    document = json.loads(run.stdout)
    assert [(f["line"], f["severity"]) for f in document["findings"]] == [(2, "medium")]
    assert document["dropped"] == {"self-check": 1}
    assert document["usage"]["requests"] == 2


def test_self_check_keeps_findings_it_does_not_mention(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(TWO), chat(verdicts({"id": 2, "keep": False})))
    run = cli("app.py", "--self-check", "--format", "json")
    assert [f["line"] for f in json.loads(run.stdout)["findings"]] == [2]


def test_a_failing_self_check_keeps_every_finding_and_warns(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(TWO), chat("no idea"), chat('{"verdicts": "all fine"}'))
    run = cli("app.py", "--self-check")
    assert run.exit_code == 1
    assert "app.py:2: high" in run.stdout and "app.py:4: medium" in run.stdout
    assert "warning: self-check failed, keeping all 2 findings" in run.stderr
    assert "stayed invalid" in run.stderr
    assert "3 requests; 300 prompt + 60 completion tokens" in run.stdout  # the failed ones count


def test_a_provider_error_in_the_self_check_keeps_the_findings(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(TWO), error(403, "model not allowed for this key"))
    run = cli("app.py", "--self-check")
    assert run.exit_code == 1
    assert "app.py:4: medium" in run.stdout
    assert "denied access (403: model not allowed for this key)" in run.stderr


def test_no_findings_means_no_self_check(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(review_json(9)))
    assert cli("app.py", "--self-check").exit_code == 0
    assert len(fake.chat_requests) == 1


def test_self_check_can_be_set_in_the_config_and_turned_off_by_flag(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    Path(".reviewer.toml").write_text("self_check = true\n")
    fake.add(chat(TWO))
    cli("app.py", "--no-self-check")
    assert len(fake.chat_requests) == 1


def test_contradictory_verdicts_keep_the_findings_as_found_with_a_warning(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(
        chat(TWO),
        chat(
            verdicts(
                {"id": 1, "keep": True},
                {"id": 1, "keep": False},
                {"id": 2, "keep": True, "severity": "low"},
                {"id": 2, "keep": True, "severity": "high"},
            )
        ),
    )
    run = cli("app.py", "--self-check", "--format", "json")
    document = json.loads(run.stdout)
    # Neither verdict wins: both findings stay, at the severities the review gave them.
    assert [(f["line"], f["severity"]) for f in document["findings"]] == [
        (2, "high"),
        (4, "medium"),
    ]
    assert document["dropped"] == {}
    warning = "app.py: the self-check contradicted itself on findings 1, 2"
    assert document["warnings"][0].startswith(warning) and warning in run.stderr
    assert run.exit_code == 1
