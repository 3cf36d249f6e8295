"""One guard around every command: an interrupt exits 130 at once, quietly; a bug is one line and
exit 4, never mistaken for findings (1) or a pass (0)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewer.cli_eval import eval_app
from reviewer.contract import EXIT_INTERNAL, EXIT_INTERRUPTED
from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, chat, issue, review_json

REPO = Path(__file__).resolve().parents[1]


def _read(fd: int, until: Callable[[str], bool], seconds: float, seen: str = "") -> str:
    """What the terminal shows, read until `until(text)` holds, the process closes it, or time
    runs out."""
    deadline = time.monotonic() + seconds
    while not until(seen) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the other side closed: the process has exited
            break
        if not data:
            break
        seen += data.decode("utf-8", "replace")
    return seen


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_abandons_the_request_in_flight_and_exits_130_within_a_second(
    fake: FakeAPI, sample: Path, tmp_path: Path, presses: int
) -> None:
    # A slow model that streams for 30 s: the live line is up when the user gives up.
    slow = chat(review_json(3, "x" * 400, [issue(2, quote="range(len(xs) + 1)")]))
    slow.trickle = 0.25
    fake.add(slow)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REVIEWER_"))},
        "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": fake.url, "REVIEWER_MAX_RETRIES": "0",
        "REVIEWER_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "TERM": "xterm",
        "PYTHONPATH": str(REPO),
    }  # fmt: skip
    # A terminal on both streams, as a person at a prompt has: stdout decides streaming, stderr
    # shows the live line.
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewer", str(sample)],
        stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    try:
        shown = _read(leader, lambda text: "chunks)" in text, 30)
        assert "waiting on 1 request: " in shown, shown  # the live line was drawn
        assert fake.in_flight == 0 and len(fake.requests) == 1
        for _ in range(presses):
            process.send_signal(signal.SIGINT)
            time.sleep(0.05)
        sent = time.monotonic()
        code = process.wait(timeout=10)
        took = time.monotonic() - sent
        after = _read(leader, lambda text: False, 1)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert code == EXIT_INTERRUPTED
    assert took < 2, f"{took:.1f} s after Ctrl-C"
    assert "Traceback" not in after and "Aborted" not in after
    assert "error: interrupted" in after
    # Nothing is drawn after the message: the live line was cleared and stays cleared.
    assert "tokens," not in after.split("error: interrupted", 1)[1]
    assert not Path("app.py.json").exists()


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"boom with {API_KEY} inside")


def test_a_bug_is_one_line_and_exit_4_with_no_secret(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.add(chat(review_json(8)))
    monkeypatch.setattr("reviewer.review.to_findings", _boom)
    run = cli(str(sample))
    assert run.exit_code == EXIT_INTERNAL
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0] == (
        "error: internal error: RuntimeError: boom with *** inside; "
        "set REVIEWER_DEBUG=1 for the traceback"
    )
    assert API_KEY not in run.stderr + run.stdout


def test_reviewer_debug_shows_the_traceback(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.add(chat(review_json(8)))
    monkeypatch.setattr("reviewer.review.to_findings", _boom)
    run = cli(str(sample), env={"REVIEWER_DEBUG": "1"})
    assert run.exit_code == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("error: internal error: RuntimeError")


def test_eval_has_the_same_guard(
    fake: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "corpus.toml").write_text('[[case]]\nfile = "a.py"\ndefects = [{lines = [1, 1]}]\n')
    (corpus / "a.py").write_text("x = 1 / 0\n")
    fake.add(chat(review_json(8)))
    monkeypatch.setattr("reviewer.evaluation.score", _boom)
    env = {"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": fake.url, "REVIEWER_MAX_RETRIES": "0"}
    result = CliRunner().invoke(eval_app, [str(corpus)], env=env)
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr.startswith("error: internal error: RuntimeError: boom with *** inside")
    assert len(result.stderr.strip().splitlines()) == 1
