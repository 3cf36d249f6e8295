"""No secret reaches the provider: whole files, added and removed lines of a diff, the verifier;
and files that are secrets by nature are never sent."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from reviewer.trust.redact import redact_lines
from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.gitrepo import GitRepo
from tests.secrets_corpus import SECRETS

Cli = Callable[..., Run]
# One secret of each kind, in a file as a project might hold them.
CASES = list({case.kind: case for case in SECRETS}.values())
CODE = "\n".join(["import os", *(line for case in CASES for line in case.lines), "x = 1"]) + "\n"
KEY_BLOCK = next(case for case in SECRETS if case.syntax == "pem").lines


def sent(fake: FakeAPI) -> str:
    return json.dumps([request.body for request in fake.requests])


def assert_none_sent(fake: FakeAPI) -> None:
    assert fake.requests, "nothing was sent: the test proves nothing"
    text = sent(fake)
    # The request is JSON: a secret holding `/` or `\` is escaped there.
    leaked = [c.secret for c in CASES if c.secret in text or json.dumps(c.secret)[1:-1] in text]
    assert leaked == []


def test_no_secret_is_sent_in_a_whole_file_review_with_self_check(cli: Cli, fake: FakeAPI) -> None:
    Path("settings.py").write_text(CODE)
    fake.add(chat(review_json(3, "Secrets.", [issue(1, "Hard-coded key", quote="import os")])))
    fake.add(chat(json.dumps({"verdicts": [{"id": 1, "keep": True, "reason": "It is."}]})))
    run = cli("settings.py", "--self-check", "--format", "json")
    assert_none_sent(fake)
    assert len(fake.chat_requests) == 2
    found: Counter[str] = Counter()
    redact_lines(CODE.splitlines(), found)
    assert json.loads(run.stdout)["redactions"] == sum(found.values()) >= len(CASES)
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
    assert "-| " in sent(fake) and "<redacted:" in sent(fake)  # removed lines shown, redacted


def test_secret_files_are_never_sent(cli: Cli, fake: FakeAPI) -> None:
    Path(".env").write_text("API_KEY=abc\n")
    Path("server.pem").write_text("\n".join(KEY_BLOCK) + "\n")
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
    aws = next(case.secret for case in CASES if case.kind == "aws-access-key")
    assert aws in sent(fake)
