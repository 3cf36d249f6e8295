"""Runs that do not go to plan, reported honestly: files that failed are listed in every format,
a run stops at its time limit with what it finished, every reply is capped, and the prompt's
example copied back never reaches a report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, assert_valid
from tests.fakeapi import FakeAPI, chat, error, issue, review_json
from tests.test_cli_outputs import validate_output

Cli = Callable[..., Run]
A = "def last(xs):\n    return xs[len(xs)]\n"
B = "def first(xs):\n    return xs[0]\n"
FOUND = review_json(4, "Reads past the end.", [issue(2, "Index past the end", quote="xs[len(xs)]")])


def _two_files_one_failing(fake: FakeAPI) -> None:
    Path("a.py").write_text(A)
    Path("b.py").write_text(B)
    # One at a time (--jobs 1): a.py is answered, b.py's request is refused.
    fake.add(chat(FOUND), error(400, "Your organization is not verified for this model"))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_a_file_that_failed_is_listed_in_every_format(cli: Cli, fake: FakeAPI, fmt: str) -> None:
    _two_files_one_failing(fake)
    output = ["-o", f"{fmt}.out"] if fmt != "text" else []
    run = cli("a.py", "b.py", "--jobs", "1", "--format", fmt, *output)
    assert run.exit_code == 3
    assert run.stderr.count("\n") == 1
    where = f"in {fmt}.out" if fmt != "text" else "in the report"
    assert run.stderr.startswith(
        f"error: 1 of 2 files could not be reviewed (1 provider failed); all are listed {where}; "
        "b.py: "
    )
    assert "not verified" in run.stderr
    out = Path(f"{fmt}.out").read_text() if output else run.stdout
    if fmt == "text":
        assert "a.py:2: high [bug] Index past the end" in out
        assert "b.py: not reviewed (provider failed: " in out and "not verified" in out
        assert "1 finding (1 high) in 1 file; score 4/10; 1 file not reviewed." in out
    elif fmt == "json":
        document = json.loads(out)
        validate_output(document)
        [failed] = document["failed"]
        assert failed["path"] == "b.py" and failed["reason"] == "provider failed"
        assert "not verified" in failed["detail"]
        assert [f["path"] for f in document["files"]] == ["a.py"]
    elif fmt == "sarif":
        document = json.loads(out)
        assert_valid(document, "sarif-schema-2.1.0.oasis.json", {"version": "2.1.0"})
        [invocation] = document["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        [note] = invocation["toolExecutionNotifications"]
        assert note["level"] == "error" and "not verified" in note["message"]["text"]
        uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "b.py"
        assert len(document["runs"][0]["results"]) == 1
    elif fmt == "github":
        assert "::error title=reviewer could not review this file,file=b.py::" in out
        assert out.splitlines()[-1] == "reviewer: 1 finding; score 4/10; 1 not reviewed."
    else:
        assert "**⚠️ 1 file could not be reviewed:**" in out
        assert "- `b.py`: provider failed: " in out


def test_a_run_where_everything_failed_still_writes_a_report_that_says_so(
    cli: Cli, fake: FakeAPI
) -> None:
    Path("a.py").write_text(A)
    fake.add(error(400, "Model not enabled for this key"))
    run = cli("a.py", "-f", "json", "-o", "report.json")
    assert run.exit_code == 3
    document = json.loads(Path("report.json").read_text())
    assert document["files"] == [] and document["score"] is None
    assert [f["path"] for f in document["failed"]] == ["a.py"]


def test_past_the_timeout_the_finished_file_is_reported_and_the_other_listed(
    cli: Cli, fake: FakeAPI
) -> None:
    Path("a.py").write_text(A)
    Path("b.py").write_text(B)
    slow = chat(FOUND)
    slow.delay = 5  # a model that takes far longer than the run may
    fake.add(slow, chat(review_json(9, "Fine.")))
    run = cli("a.py", "b.py", "--jobs", "2", "--timeout", "1", "-f", "json", "-o", "out.json")
    assert run.exit_code == 3
    document = json.loads(Path("out.json").read_text())
    validate_output(document)
    [late] = document["failed"]
    assert late["reason"] == "timed out"
    assert late["detail"] == "not reviewed within the run's timeout (1 s)"
    [done] = document["files"]
    assert {late["path"], done["path"]} == {"a.py", "b.py"}
    assert f"all are listed in out.json; {late['path']}: not reviewed within" in run.stderr


def test_a_timeout_with_on_provider_error_warn_reports_and_passes(cli: Cli, fake: FakeAPI) -> None:
    Path("a.py").write_text(A)
    slow = chat(FOUND)
    slow.delay = 5
    fake.add(slow)
    run = cli("a.py", "--timeout", "0.5", "--on-provider-error", "warn")
    assert run.exit_code == 0
    assert run.stderr.startswith("warning: not reviewed within the run's timeout (0.5 s)")
    assert "a.py: not reviewed (timed out: " in run.stdout


def test_the_run_timeout_defaults_shorter_in_a_pre_commit_hook(cli: Cli, fake: FakeAPI) -> None:
    Path("a.py").write_text(A)
    plan = cli("a.py", "--dry-run", "-f", "json")
    assert plan.exit_code == 0
    from reviewer.config import HOOK_TIMEOUT, RUN_TIMEOUT, load_settings

    assert load_settings({}, env={}, cwd=Path.cwd()).timeout == RUN_TIMEOUT
    assert load_settings({}, env={"PRE_COMMIT": "1"}, cwd=Path.cwd()).timeout == HOOK_TIMEOUT
    assert load_settings({"timeout": 0}, env={"PRE_COMMIT": "1"}, cwd=Path.cwd()).timeout == 0
    assert HOOK_TIMEOUT < RUN_TIMEOUT


# ---- every reply capped


def test_every_request_caps_its_reply_sized_to_the_request(cli: Cli, fake: FakeAPI) -> None:
    Path("small.py").write_text(A)
    Path("large.py").write_text("".join(f"value_{n} = compute({n}, {n} * 2)\n" for n in range(900)))
    fake.add(chat(review_json(9, "Fine.")), chat(review_json(9, "Fine.")))
    assert cli("small.py", "large.py", "--jobs", "1").exit_code == 0
    small, large = (r.body["max_tokens"] for r in fake.chat_requests)
    assert small == 1024  # the least any reply gets
    assert large == 4096  # the most, for a large request


def test_a_reasoning_model_gets_room_to_think_and_the_users_cap_wins(
    cli: Cli, fake: FakeAPI
) -> None:
    Path("a.py").write_text(A)
    fake.add(chat(FOUND), chat(FOUND), chat(FOUND))
    env = {"DEEPSEEK_API_KEY": "sk-deepseek"}
    url = fake.url
    cli(
        "a.py", "--provider", "deepseek", "--base-url", url, "--model", "deepseek-reasoner", env=env
    )
    cli(
        "a.py",
        "--provider",
        "ollama",
        "--base-url",
        url,
        "--model",
        "deepseek-r1:14b",
        "--no-cache",
    )
    cli("a.py", "--max-tokens", "777", "--no-cache")
    caps = [r.body["max_tokens"] for r in fake.chat_requests]
    assert caps == [16_384, 16_384, 777]


# ---- the prompt's example, copied back


CONTRACT_EXAMPLE_REPLY = review_json(
    7,
    "One paragraph on the change.",
    [
        issue(
            12,
            "Off-by-one in loop bound",
            end_line=14,
            message="Why it is wrong and what breaks.",
            suggestion="How to fix it.",
            quote="for i in range(len(xs) + 1):",
        )
    ],
)


def test_the_example_finding_parroted_back_never_reaches_a_report(cli: Cli, fake: FakeAPI) -> None:
    # Close enough to the example's quote to be fuzzy-matched onto the code, were it placed.
    Path("rows.py").write_text(
        "def total(rows):\n    s = 0\n    for i in range(len(rows) + 1):\n        s += rows[i]\n"
    )
    fake.add(chat(CONTRACT_EXAMPLE_REPLY))
    run = cli("rows.py", "-f", "json")
    assert run.exit_code == 0
    document = json.loads(run.stdout)
    assert document["findings"] == []
    assert document["dropped"] == {"parroted": 1}
    assert document["files"][0]["summary"] == ""  # the example's summary is no summary


def test_the_prompts_own_placeholders_copied_back_are_dropped(cli: Cli, fake: FakeAPI) -> None:
    Path("a.py").write_text(A)
    prompt_shape = issue(
        2,
        "<the problem, in a few words>",
        message="<why it is wrong and what breaks>",
        quote="<the reported lines, copied exactly>",
    )
    fake.add(chat(review_json(5, "<one paragraph on the code>", [prompt_shape])))
    run = cli("a.py", "-f", "json")
    document = json.loads(run.stdout)
    assert document["findings"] == [] and document["dropped"] == {"parroted": 1}
    system = fake.chat_requests[0].messages[0]["content"]
    assert "<the problem, in a few words>" in system  # the shape shows placeholders, not code
    assert "Off-by-one in loop bound" not in system


def test_a_real_finding_on_code_that_has_the_examples_line_is_kept(cli: Cli, fake: FakeAPI) -> None:
    Path("xs.py").write_text(
        "def last(xs):\n    for i in range(len(xs) + 1):\n        print(xs[i])\n"
    )
    real = issue(2, "Loop runs one index too far", quote="for i in range(len(xs) + 1):")
    fake.add(chat(review_json(4, "Reads past the end.", [real])))
    run = cli("xs.py", "-f", "json")
    assert [f["title"] for f in json.loads(run.stdout)["findings"]] == [
        "Loop runs one index too far"
    ]


def test_the_llamacpp_preset_streams_one_request_at_a_time_with_the_schema(
    cli: Cli, fake: FakeAPI
) -> None:
    for name in ("a.py", "b.py", "c.py"):
        Path(name).write_text(A)
    fake.add(*(chat(review_json(9, "Fine.")) for _ in range(3)))
    run = cli(
        "a.py", "b.py", "c.py", "--provider", "llamacpp", "--base-url", fake.url, "-f", "json",
        env={"REVIEWER_JOBS": None, "OPENAI_API_KEY": None},
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    # llama-cpp-python interrupts a stream when another request arrives: one at a time.
    assert fake.max_in_flight == 1
    body = fake.chat_requests[0].body
    assert body["stream"] is True  # a reply caught in a loop is stopped as soon as it shows
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["schema"]["required"] == ["score", "summary", "issues"]
