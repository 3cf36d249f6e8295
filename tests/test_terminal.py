"""What the terminal shows while a run waits: requests in flight, and for how long."""

from __future__ import annotations

import io
import re
import time

import pytest

from reviewer.terminal import Activity


def _until(predicate: object, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not predicate():  # type: ignore[operator]
        time.sleep(0.01)


def test_the_status_names_each_request_in_flight_longest_first() -> None:
    activity = Activity(io.StringIO(), live=False)
    try:
        activity.started("app.py")
        activity.started("lib.py (self-check)")
        activity.received("lib.py (self-check)", 7)
        now = time.monotonic() + 12
        line = activity.status(now)
        assert line.startswith("waiting on 2 requests: app.py (12 s), lib.py (self-check) (12 s")
        assert "7 chunks" in line
        activity.finished("app.py")
        assert activity.status(now).startswith("waiting on 1 request: lib.py")
        activity.finished("lib.py (self-check)")
        assert activity.status(now) == ""
        # Two parts of one large file are two requests under one name.
        activity.started("big.py")
        activity.started("big.py")
        assert activity.status(now).startswith("waiting on 2 requests: big.py (")
        activity.finished("big.py")
        assert activity.status(now).startswith("waiting on 1 request: big.py (")
    finally:
        activity.close()


class Quick(Activity):
    REDRAW = 0.01
    HEARTBEAT = 0.01


def test_on_a_terminal_one_line_is_redrawn_then_cleared_for_good() -> None:
    out = io.StringIO()
    activity = Quick(out, live=True, width=60)
    activity.started("a-very-long-name/" * 5 + "app.py")
    _until(lambda: "waiting on 1 request" in out.getvalue())
    activity.close()
    text = out.getvalue()
    # A spinner turns beside what is awaited, from the first request on.
    assert re.match(r"\r\x1b\[K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting on 1 request: ", text)
    assert text.endswith("\r\x1b[K")
    # Cut to the terminal's width, never wrapped onto a second line.
    assert all(len(piece) <= 59 for piece in text.split("\r\x1b[K"))
    time.sleep(0.05)
    assert out.getvalue() == text  # closed: a request abandoned in flight draws nothing more


def test_elsewhere_a_heartbeat_line_says_what_is_still_awaited() -> None:
    out = io.StringIO()
    activity = Quick(out, live=False)
    activity.started("app.py")
    _until(lambda: "\n" in out.getvalue())
    activity.close()
    first = out.getvalue().splitlines()[0]
    assert first.startswith("reviewer: waiting on 1 request: app.py (")
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_a_message_on_stderr_is_one_line_with_no_workflow_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reviewer.terminal import say

    say("warning", "a\nb.py: the self-check said\n::error::forged ##[add-mask]x")
    assert capsys.readouterr().err == (
        "warning: a b.py: the self-check said ::error::forged ## [add-mask]x\n"
    )
