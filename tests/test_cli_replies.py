"""`reviewer FILE` end to end against the fake API: replies in every wrapping models produce."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, chat, issue, named_files, review_json

Cli = Callable[..., Run]
QUOTE = "for i in range(len(xs) + 1):"
GOOD = review_json(4, "Reads one past the end.", [issue(2, quote=QUOTE)])
DECOY = review_json(1, "decoy", [issue(1, "Decoy finding from the reasoning")])


def test_findings_print_on_their_lines(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(GOOD))
    run = cli("app.py")
    assert run.exit_code == 1  # a high finding meets the default --fail-on high
    assert (
        "app.py:2: high [bug] Loop reads one past the end\n    It reads past the end.\n"
        in run.stdout
    )
    assert "    Suggestion: Fix it." in run.stdout
    assert "app.py: score 4/10. Reads one past the end." in run.stdout
    assert "1 finding (1 high) in 1 file; score 4/10." in run.stdout
    assert "1 request; 100 prompt + 20 completion tokens" in run.stdout


def test_request_asks_for_the_schema_at_low_temperature(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(GOOD))
    cli("app.py")
    [request] = fake.chat_requests
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.body["temperature"] == 0.2
    # Always a cap on the reply, sized to the request (at least 1024, at most 4096 tokens).
    assert request.body["max_tokens"] == 1024
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["required"] == ["score", "summary", "issues"]
    system, user = request.messages
    assert system["role"] == "system" and "JSON" in system["content"]
    assert user["role"] == "user"
    assert "one file (Python, 4 lines)" in user["content"]
    assert named_files(user["content"]) == ["app.py"]
    assert "2 |     for i in range(len(xs) + 1):" in user["content"]


def test_a_clean_review_exits_zero(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(review_json(9, "Fine.")))
    run = cli("app.py")
    assert run.exit_code == 0
    assert "No findings in 1 file; score 9/10." in run.stdout


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(f"```json\n{GOOD}\n```", id="fenced"),
        pytest.param(f"<think>\nMaybe {DECOY}? No.\n</think>\n\n{GOOD}", id="think-prefix"),
        pytest.param(f"Here is my review:\n{GOOD}\nHope this helps {{sic}}.", id="prose-around"),
        pytest.param(f"Sure.\n```\n{GOOD}\n```\nDone.", id="bare-fence-in-prose"),
        pytest.param(f"{DECOY[:20]} oops, again: {GOOD}", id="broken-object-first"),
    ],
)
def test_wrapped_json_is_found(cli: Cli, fake: FakeAPI, sample: Path, content: str) -> None:
    fake.add(chat(content))
    run = cli("app.py")
    assert "app.py:2: high [bug] Loop reads one past the end" in run.stdout
    assert "Decoy" not in run.stdout
    assert len(fake.chat_requests) == 1


def test_reasoning_content_is_never_read(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(GOOD, reasoning_content=DECOY))
    run = cli("app.py")
    assert "Loop reads one past" in run.stdout
    assert "Decoy" not in run.stdout


def test_invalid_reply_is_corrected_on_a_second_ask(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    bad = review_json(11, "Too high a score.", [issue(2, severity="major")])
    fake.add(chat(f"<think>hmm</think>{bad}"), chat(GOOD))
    run = cli("app.py")
    assert run.exit_code == 1
    assert "app.py:2: high [bug]" in run.stdout
    first, second = fake.chat_requests
    assert second.messages[:2] == first.messages
    assistant, repair = second.messages[2:]
    # The reply goes back without its reasoning, and the error is quoted.
    assert assistant == {"role": "assistant", "content": bad}
    assert repair["role"] == "user"
    assert "score: Input should be less than or equal to 10 (got 11)" in repair["content"]
    assert "issues.0.severity" in repair["content"] and '"major"' in repair["content"]
    assert "2 requests; 200 prompt + 40 completion tokens" in run.stdout


def test_empty_reply_is_asked_again_without_an_empty_turn(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(""), chat(GOOD))
    run = cli("app.py")
    assert "Loop reads one past" in run.stdout
    first, second = fake.chat_requests
    assert [m["role"] for m in second.messages] == ["system", "user"]
    assert second.messages[1]["content"].startswith(first.messages[1]["content"])
    assert "the reply was empty" in second.messages[1]["content"]


def test_invalid_twice_fails_with_exit_3(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat("I could not review this file."), chat('{"score": "high"}'))
    run = cli("app.py")
    assert run.exit_code == 3
    assert "stayed invalid after a second ask" in run.stderr
    assert "score: Input should be a valid integer" in run.stderr
    assert "No findings" not in run.stdout  # never an empty review that looks clean
    assert len(fake.chat_requests) == 2


def test_truncated_reply_is_reported_as_truncation(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(GOOD[:40], finish_reason="length"))
    run = cli("app.py", "--max-tokens", "64")
    assert run.exit_code == 3
    assert "cut off at the token limit" in run.stderr
    assert "raise --max-tokens (64)" in run.stderr
    assert fake.chat_requests[0].body["max_tokens"] == 64
    assert len(fake.chat_requests) == 1  # asking again would be cut again


def test_complete_json_despite_length_stop_is_used(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(GOOD + "\n\nAnd furthermore", finish_reason="length"))
    run = cli("app.py")
    assert "Loop reads one past" in run.stdout


def test_findings_past_the_end_of_the_file_are_dropped_and_counted(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(chat(review_json(5, "x", [issue(2, end_line=99), issue(40, "Ghost")])))
    run = cli("app.py", "--format", "json")
    document = json.loads(run.stdout)
    [finding] = document["findings"]
    assert (finding["line"], finding["end_line"]) == (2, 4)  # end_line kept inside the file
    assert document["dropped"] == {"line outside the file": 1}


def test_each_file_is_one_request_and_the_score_is_the_weakest(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    Path("b.py").write_text("print('hi')\n")
    fake.add(chat(GOOD), chat(review_json(9, "Fine.")))
    run = cli("app.py", "b.py")
    assert "1 finding (1 high) in 2 files; score 4/10." in run.stdout
    assert "one file (Python, 1 lines)" in fake.chat_requests[1].messages[1]["content"]
    assert fake.chat_requests[1].files == ["b.py"]
