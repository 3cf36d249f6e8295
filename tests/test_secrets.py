"""No secret reaches the provider: whole files, added and removed lines of a diff, the verifier;
and files that are secrets by nature are never sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from reviewer.trust.redact import redact_lines
from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.gitrepo import GitRepo
from tests.secrets_corpus import NOT_SECRETS, PRIVATE_KEY, SECRETS

Cli = Callable[..., Run]
CODE = "\n".join(["import os", *(line for _, line in SECRETS[:-1]), *PRIVATE_KEY, "x = 1"]) + "\n"


def sent(fake: FakeAPI) -> str:
    return json.dumps([request.body for request in fake.requests])


def assert_none_sent(fake: FakeAPI) -> None:
    assert fake.requests, "nothing was sent: the test proves nothing"
    text = sent(fake)
    leaked = [secret for secret, _ in SECRETS if secret in text]
    assert leaked == []


def test_the_corpus_is_large_enough() -> None:
    assert len(SECRETS) >= 25


def test_no_secret_is_sent_in_a_whole_file_review_with_self_check(cli: Cli, fake: FakeAPI) -> None:
    Path("settings.py").write_text(CODE)
    fake.add(
        chat(review_json(3, "Secrets.", [issue(2, "Hard-coded key", quote="AWS_ACCESS_KEY_ID")]))
    )
    fake.add(chat(json.dumps({"verdicts": [{"id": 1, "keep": True, "reason": "It is."}]})))
    run = cli("settings.py", "--self-check", "--format", "json")
    assert_none_sent(fake)
    assert len(fake.chat_requests) == 2
    assert json.loads(run.stdout)["redactions"] == len(SECRETS)  # 27 values + 1 key block
    assert "<redacted:aws-access-key>" in sent(fake)


def test_no_secret_is_sent_from_added_or_removed_lines(
    cli: Cli, fake: FakeAPI, repo: GitRepo
) -> None:
    repo.write("config.py", CODE)
    repo.commit("secrets, committed by mistake")
    repo.write("config.py", "import os\nKEY = os.environ['KEY']\n")  # the fix removes them all
    repo.write("new.py", CODE)  # and someone adds them elsewhere
    repo.stage()
    fake.default = chat(review_json(8, "ok"))
    run = cli("--staged", "--format", "json", "--filter-mode", "file")
    assert run.exit_code == 0, run.stderr
    assert len(fake.chat_requests) == 2
    assert_none_sent(fake)
    assert "-| <redacted:" in sent(fake)  # removed lines are shown, redacted


def test_secret_files_are_never_sent(cli: Cli, fake: FakeAPI) -> None:
    Path(".env").write_text("API_KEY=abc\n")
    Path("server.pem").write_text("\n".join(PRIVATE_KEY) + "\n")
    run = cli(".env", "server.pem", "--format", "json", env={"REVIEWER_REDACT_SECRETS": "false"})
    skipped = json.loads(run.stdout)["skipped"]
    assert [(s["path"], s["reason"]) for s in skipped] == [
        (".env", "secret file"), ("server.pem", "secret file"),
    ]  # fmt: skip
    assert fake.requests == []


def test_redaction_can_be_turned_off(cli: Cli, fake: FakeAPI) -> None:
    Path("settings.py").write_text(CODE)
    fake.add(chat(review_json(3, "x")))
    cli("settings.py", env={"REVIEWER_REDACT_SECRETS": "false"})
    assert "AKIAIOSFODNN7EXAMPLE" in sent(fake)


def test_lookalikes_stay_and_line_count_never_moves() -> None:
    assert redact_lines(NOT_SECRETS) == NOT_SECRETS
    lines = CODE.splitlines()
    assert len(redact_lines(lines)) == len(lines)
    inline = 'KEY = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----"'
    assert "MIIEvQ" not in redact_lines([inline])[0]
