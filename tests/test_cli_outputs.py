"""What the run produces: the JSON contract, the exit-code gate, --output, --dry-run, bad input."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Run, refdata
from tests.fakeapi import FakeAPI, chat, error_body, issue, review_json

Cli = Callable[..., Run]
OUTPUT_SCHEMA = Path(__file__).parent / "schemas" / "output.schema.json"
MIXED = review_json(
    5,
    "Mixed.",
    [
        issue(3, "Index error", severity="critical", quote="value = xs[i]"),
        issue(2, "Loop bound", severity="medium", end_line=3, suggestion=None),
        issue(4, "Unbound name", severity="low", category="maintainability"),
    ],
)


def validate_output(document: dict[str, Any]) -> None:
    jsonschema.validate(document, json.loads(OUTPUT_SCHEMA.read_text()))


def test_json_output_matches_the_contract(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    Path("empty.py").write_text("")
    fake.add(chat(MIXED, prompt_tokens=1830, completion_tokens=212))
    run = cli("app.py", "empty.py", "--format", "json")
    document = json.loads(run.stdout)
    validate_output(document)
    assert document["version"] == 1
    assert document["score"] == 5
    assert [(f["line"], f["severity"]) for f in document["findings"]] == [
        (2, "medium"),
        (3, "critical"),
        (4, "low"),
    ]
    first = document["findings"][0]
    assert first == {
        "path": "app.py",
        "line": 2,
        "end_line": 3,
        "severity": "medium",
        "category": "bug",
        "title": "Loop bound",
        "message": "It reads past the end.",
        "suggestion": None,
        "quote": "",
        "grounded": True,
        "fix": None,
        "fix_replaces": None,
    }
    assert document["files"] == [{"path": "app.py", "score": 5, "summary": "Mixed."}]
    assert document["skipped"] == [{"path": "empty.py", "reason": "empty"}]
    usage = document["usage"]
    assert {k: usage[k] for k in ("requests", "prompt_tokens", "completion_tokens", "cached")} == {
        "requests": 1,
        "prompt_tokens": 1830,
        "completion_tokens": 212,
        "cached": 0,
    }
    # gpt-4.1-mini at $0.40 and $1.60 a million tokens
    assert usage["cost_usd"] == round((1830 * 0.4 + 212 * 1.6) / 1e6, 6)
    assert document["coverage"] == {"lines": 4, "of": 4}


def test_the_output_schema_rejects_what_the_contract_forbids() -> None:
    """The contract test above is only as good as its schema: it must be able to fail."""
    bad = {"version": 1, "score": 11, "findings": [], "files": [], "skipped": [], "usage": {}}
    with pytest.raises(jsonschema.ValidationError):
        validate_output(bad)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param([], 1, id="critical-fails-default-high"),
        pytest.param(["--fail-on", "critical"], 1, id="fail-on-critical"),
        pytest.param(["--fail-on", "never"], 0, id="fail-on-never"),
        pytest.param(["--fail-on", "never", "--min-score", "5"], 0, id="score-at-min"),
        pytest.param(["--fail-on", "never", "--min-score", "6"], 1, id="score-below-min"),
    ],
)
def test_exit_code_gate(cli: Cli, fake: FakeAPI, sample: Path, args: list[str], code: int) -> None:
    fake.add(chat(MIXED))
    assert cli("app.py", *args).exit_code == code


def test_fail_on_counts_severity_at_or_above(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(review_json(8, "ok", [issue(2, severity="medium")])))
    assert cli("app.py").exit_code == 0
    fake.add(chat(review_json(8, "ok", [issue(2, severity="medium")])))
    assert cli("app.py", "--fail-on", "medium").exit_code == 1


def test_fail_on_from_the_config_file(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    Path("pyproject.toml").write_text('[tool.reviewer]\nfail_on = "low"\n')
    fake.add(chat(review_json(8, "ok", [issue(2, severity="low")])))
    assert cli("app.py").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["missing.py"], "missing.py: no such file", id="missing-file"),
        pytest.param([], "nothing to review: name files", id="no-files"),
        pytest.param(
            ["app.py", "--fail-on", "severe"],
            "--fail-on: 'severe' is not one of critical, high, medium, low, never",
            id="bad-choice",
        ),
        pytest.param(
            ["app.py", "--min-score", "11"],
            "bad value for min_score (from --min-score)",
            id="score-range",
        ),
        pytest.param(
            ["app.py", "--config", "nope.toml"], "config file nope.toml does not exist", id="config"
        ),
    ],
)  # fmt: skip
def test_usage_errors_are_exit_2_before_anything_is_sent(
    cli: Cli, fake: FakeAPI, sample: Path, args: list[str], message: str
) -> None:
    run = cli(*args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert fake.requests == []


def test_unknown_config_key_is_exit_2_naming_it(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    Path(".reviewer.toml").write_text('fail_onn = "low"\n')
    run = cli("app.py")
    assert run.exit_code == 2
    assert "unknown key 'fail_onn'" in run.stderr and "did you mean 'fail_on'?" in run.stderr


def test_binary_and_empty_files_are_skipped_with_a_reason(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    Path("blob.bin").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    Path("latin.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    Path("blank.py").write_text("\n\n  \n")
    run = cli("blob.bin", "latin.txt", "blank.py")
    assert "blob.bin: skipped (binary)" in run.stdout
    assert "latin.txt: skipped (not UTF-8 text: byte 3; save it as UTF-8" in run.stdout
    assert "blank.py: skipped (empty)" in run.stdout
    assert fake.requests == []
    # Named, and not reviewable: never a silent pass (as ruff fails on a file it cannot read).
    assert run.exit_code == 1
    assert "error: blob.bin: not reviewed (binary)" in run.stderr
    assert "error: failed: blob.bin was named but not reviewed: binary (and 1 more)" in run.stderr
    assert cli("blank.py").exit_code == 0  # an empty file has nothing to review


def test_output_writes_the_report_to_a_file(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(MIXED))
    Path("report.json").write_text("old")
    os.chmod("report.json", 0o640)
    run = cli("app.py", "--format", "json", "--output", "report.json")
    assert run.stdout == ""
    assert json.loads(Path("report.json").read_text())["score"] == 5
    assert stat.S_IMODE(Path("report.json").stat().st_mode) == 0o640
    assert sorted(p.name for p in Path().iterdir()) == ["app.py", "report.json"]  # no temp left


def test_text_output_has_no_colour_off_a_terminal(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(MIXED))
    assert "\x1b[" not in cli("app.py").stdout


def test_force_color_colours_the_text(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(MIXED))
    assert "\x1b[1;31mcritical\x1b[0m" in cli("app.py", env={"FORCE_COLOR": "1"}).stdout


def test_dry_run_sends_nothing_and_needs_no_key(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    run = cli("app.py", "--dry-run", env={"OPENAI_API_KEY": None})
    assert run.exit_code == 0
    assert fake.requests == []
    assert "--- system ---" in run.stdout and "--- user ---" in run.stdout
    assert "2 |     for i in range(len(xs) + 1):" in run.stdout
    assert "Dry run: 1 request, about" in run.stdout and "nothing was sent" in run.stdout


def test_dry_run_as_json_lists_the_messages(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    run = cli("app.py", "--dry-run", "--format", "json")
    document = json.loads(run.stdout)
    [unit] = document["units"]
    assert unit["path"] == "app.py"
    assert [m["role"] for m in unit["messages"]] == ["system", "user"]
    assert unit["estimated_prompt_tokens"] > 100
    assert fake.requests == []


def test_version_prints_and_exits_zero(cli: Cli) -> None:
    from reviewer import __version__

    run = cli("--version")
    assert (run.exit_code, run.stdout) == (0, f"reviewer {__version__}\n")


def test_requests_match_openais_response_format_schema(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    reference = json.loads(
        refdata("llm", "openai_chat_response_format_and_errors.json").read_text()
    )
    fake.add(chat(MIXED))
    cli("app.py")
    response_format = fake.chat_requests[0].body["response_format"]
    jsonschema.validate(response_format, reference["ResponseFormatJsonSchema"])
    name = response_format["json_schema"]["name"]
    assert len(name) <= 64 and name.replace("_", "").replace("-", "").isalnum()


def test_the_fakes_errors_have_openais_error_shape() -> None:
    reference = json.loads(
        refdata("llm", "openai_chat_response_format_and_errors.json").read_text()
    )
    jsonschema.validate(error_body("x", code="rate_limit_exceeded"), reference["ErrorResponse"])


def test_output_into_a_missing_folder_is_exit_2(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(MIXED))
    run = cli("app.py", "--output", "no/such/folder/report.txt")
    assert run.exit_code == 2
    assert "folder no/such/folder does not exist" in run.stderr


def test_flags_reach_the_request(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(MIXED))
    cli("app.py", "--model", "deepseek-chat", "--temperature", "0", "--max-tokens", "900")
    body = fake.chat_requests[0].body
    assert (body["model"], body["temperature"], body["max_tokens"]) == ("deepseek-chat", 0, 900)


def test_force_color_colours_the_error_label(cli: Cli) -> None:
    run = cli("missing.py", env={"FORCE_COLOR": "1"})
    assert run.stderr.startswith("\x1b[1;31merror\x1b[0m: missing.py: no such file")
