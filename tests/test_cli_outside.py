"""A repository under review cannot lead reviewer outside it (issue 28): a committed symlink to a
folder elsewhere neither sends what it leads to nor lets `--fix` write there. Real repositories,
the model faked by a real server."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, Run
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.gitrepo import GitRepo

Cli = Callable[..., Run]
# What lies outside: a marker no prompt could hold unless the file was read.
FAR = "MARKER = 'far-away-content-7f3a'\n"


@pytest.fixture
def outside(repo: GitRepo, tmp_path: Path) -> Path:
    """A repository with app.py and a committed link `outdir -> ../outside`, a folder beside the
    repository holding secret.py; returns that file."""
    far = tmp_path / "outside" / "secret.py"
    far.parent.mkdir()
    far.write_text(FAR)
    repo.write("app.py", SAMPLE)
    os.symlink("../outside", repo.path / "outdir")
    repo.commit("a fork's link out")
    assert repo.git("ls-files", "-s", "outdir").startswith("120000")  # committed as a link
    return far


def sent(fake: FakeAPI) -> str:
    return json.dumps([request.body for request in fake.chat_requests])


def fine(request: Request) -> Reply:
    return chat(review_json(9))


def test_a_folder_that_leads_outside_sends_nothing_and_is_listed(
    cli: Cli, fake: FakeAPI, outside: Path
) -> None:
    fake.responder = fine
    done = cli("outdir/", "--format", "json")
    assert "far-away-content" not in sent(fake)
    document = json.loads(done.stdout)
    assert [(s["path"], s["reason"]) for s in document["skipped"]] == [
        ("outdir", "outside the repository")
    ]
    # Named by the user and not reviewed: the gate fails, in one line, as for a binary file.
    assert done.exit_code == 1
    assert "outdir was named but not reviewed: outside the repository" in done.stderr


def test_a_file_named_through_the_link_sends_nothing_and_fails_the_gate(
    cli: Cli, fake: FakeAPI, outside: Path
) -> None:
    fake.responder = fine
    done = cli("outdir/secret.py", "app.py", "--format", "json")
    assert "far-away-content" not in sent(fake)
    assert len(fake.chat_requests) == 1  # app.py is still reviewed
    document = json.loads(done.stdout)
    assert [(s["path"], s["reason"]) for s in document["skipped"]] == [
        ("outdir/secret.py", "outside the repository")
    ]
    assert done.exit_code == 1
    # One line says why, as for any named file that cannot be reviewed.
    [why] = [line for line in done.stderr.splitlines() if "named but not reviewed" in line]
    assert why.endswith(
        "outdir/secret.py was named but not reviewed: outside the repository: "
        "a symbolic link on its path leads out of the repository"
    )
    # Named where it really is, outside any repository, the file is the user's to review.
    mine = cli(str(outside), "--format", "json")
    assert mine.exit_code == 0, mine.stderr
    assert "far-away-content" in sent(fake)
    assert json.loads(mine.stdout)["skipped"] == []


def test_fix_never_writes_outside_the_repository(cli: Cli, fake: FakeAPI, outside: Path) -> None:
    def answer(request: Request) -> Reply:
        seen = "MARKER" in json.dumps(request.body)
        found = [issue(1, quote=FAR.strip(), fix="MARKER = 'rewritten'")] if seen else []
        return chat(review_json(5, issues=found))

    fake.responder = answer
    cli("outdir/secret.py", "app.py", "--fix")
    cli("outdir/", "--fix", "--no-cache")
    assert outside.read_bytes() == FAR.encode()  # byte for byte as it was
