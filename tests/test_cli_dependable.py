"""The command line as a newcomer meets it, point by point (issue 17): folders, standard input,
output targets checked first, named files that cannot be reviewed, every exit 1 explained,
--check-provider, help, usage errors, the score, prices, paths, progress and the hook."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.terminal import Activity
from tests.conftest import SAMPLE, Run
from tests.fakeapi import FakeAPI, chat, error, issue, review_json
from tests.gitrepo import GitRepo

Cli = Callable[..., Run]
PANELS = ("What to review:", "Model:", "Output and gates:", "CI:", "Run:")


def reviewed(fake: FakeAPI) -> list[str]:
    """The paths the requests asked about, in order."""
    found = []
    for request in fake.chat_requests:
        found += request.files or ["?"]
    return found


# 1. Folders recurse: tracked and untracked-not-ignored files in a repository.
def test_a_folder_is_reviewed_file_by_file_after_its_size_is_said(
    cli: Cli, fake: FakeAPI, repo: GitRepo
) -> None:
    repo.write(".gitignore", "*.log\n")
    repo.write("src/a.py", "x = 1\n")
    repo.write("src/sub/b.py", "y = 2\n")
    repo.commit("two files")
    repo.write("src/new.py", "z = 3\n")  # untracked, not ignored: reviewed
    repo.write("src/run.log", "noise\n")  # ignored: not
    repo.write("src/uv.lock", "x\n")  # excluded by default
    fake.default = chat(review_json(9, "Fine."))
    run = cli("src", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert sorted(f["path"] for f in json.loads(run.stdout)["files"]) == [
        "src/a.py", "src/new.py", "src/sub/b.py",
    ]  # fmt: skip
    assert "reviewing 3 files in 3 requests, about" in run.stderr
    refused = cli("src", env={"REVIEWER_FOLDER_MAX_REQUESTS": "2"})
    assert refused.exit_code == 2 and "over folder_max_requests (2)" in refused.stderr
    assert len(fake.chat_requests) == 3  # the refused audit sent nothing


# 8. Standard input, and `-o -` for standard output.
def test_standard_input_is_reviewed_as_the_file_it_names(cli: Cli, fake: FakeAPI) -> None:
    fake.add(chat(review_json(5, "Off by one.", [issue(2, quote="for i in range(len(xs) + 1):")])))
    run = cli("-", "--stdin-filename", "pkg/last.py", "-o", "-", "--format", "json", stdin=SAMPLE)
    assert run.exit_code == 1
    assert json.loads(run.stdout)["findings"][0]["path"] == "pkg/last.py"
    assert "for i in range(len(xs) + 1):" in fake.chat_requests[0].messages[1]["content"]
    assert not Path("-").exists()


# 2. Every output target is checked before the first request.
@pytest.mark.parametrize("option", ["--output", "--sarif-file", "--codequality-file"])
def test_an_unwritable_report_target_stops_the_run_before_anything_is_paid_for(
    cli: Cli, fake: FakeAPI, sample: Path, option: str
) -> None:
    run = cli("app.py", option, "nodir/report.out")
    assert run.exit_code == 2
    assert "cannot write nodir/report.out: folder nodir does not exist" in run.stderr
    assert fake.requests == []


# 3. A named file that cannot be reviewed fails the gate, said on stderr.
def test_a_named_file_too_large_to_review_is_never_a_silent_pass(cli: Cli, fake: FakeAPI) -> None:
    Path("huge.py").write_text("x = 1\n" * 50)
    run = cli("huge.py", env={"REVIEWER_MAX_FILE_BYTES": "100"})
    assert run.exit_code == 1
    assert "error: huge.py: not reviewed (too large: " in run.stderr
    assert "failed: huge.py was named but not reviewed" in run.stderr
    assert fake.requests == []


# 4. Exit 1 always says why.
def test_exit_1_says_why_in_one_line(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(review_json(4, "Off by one.", [issue(2, quote="for i in range(len(xs) + 1):")])))
    run = cli("app.py")
    assert run.exit_code == 1
    assert "error: failed: 1 finding at or above high (--fail-on high)" in run.stderr
    fake.add(chat(review_json(4, "Meh.")))
    low = cli("app.py", "--min-score", "7", "--no-cache")
    assert low.exit_code == 1
    assert "error: failed: score 4 is below --min-score 7" in low.stderr


# 5. --check-provider: the review's own reply, -f json, no file arguments.
def test_check_provider_is_a_tiny_review_that_honours_the_format(cli: Cli, fake: FakeAPI) -> None:
    fake.add(chat(review_json(3, "It subtracts.", [issue(2, "Wrong operator")])))
    run = cli("--check-provider", "--format", "json")
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["works"] is True and report["problem"] is None
    sent = fake.chat_requests[0]
    assert "return a - b" in sent.messages[1]["content"]  # the same prompt as a review
    refused = cli("--check-provider", "app.py")
    assert refused.exit_code == 2 and "name no files" in refused.stderr
    assert len(fake.chat_requests) == 1


# 6. Help in panels, readable at 80 columns, with eval listed and complete.
def test_help_reads_at_80_columns_in_panels_and_lists_eval(cli: Cli) -> None:
    run = cli("--help", env={"COLUMNS": "80"})
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [line for line in lines if line in PANELS] == list(PANELS)
    assert "<bool>" not in run.stdout and "…" not in run.stdout
    assert "--on-provider-error" in run.stdout and "PRE_COMMIT_FROM_REF" in run.stdout
    assert "reviewer eval" in run.stdout


def test_eval_has_its_own_complete_help() -> None:
    from typer.testing import CliRunner

    from reviewer.cli_eval import eval_app

    run = CliRunner().invoke(eval_app, ["--help"], env={"COLUMNS": "80"})
    assert run.exit_code == 0
    for option in ("--temperature T", "--dry-run", "--model MODEL", "--format"):
        assert option in run.stdout
    assert max(len(line) for line in run.stdout.splitlines()) <= 80


# 7. Usage errors: one line, a did-you-mean where one fits; clear key and server messages.
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["app.py", "--fail-on", "hihg"],
         "error: --fail-on: 'hihg' is not one of critical, high, medium, low, never "
         "(did you mean high?)"),
        (["app.py", "--modle", "x"], "error: no such option --modle (did you mean --model?)"),
        (["app.py", "--provider", "deepsek"], "did you mean 'deepseek'?"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_with_a_did_you_mean(
    cli: Cli, fake: FakeAPI, sample: Path, args: list[str], line: str
) -> None:
    run = cli(*args)
    assert run.exit_code == 2
    assert len(run.stderr.strip().splitlines()) == 1
    assert line in run.stderr
    assert "╭" not in run.stderr and fake.requests == []


def test_no_key_names_each_variable_once_and_a_dead_ollama_says_to_start_it(
    cli: Cli, sample: Path
) -> None:
    keyless = cli("app.py", env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None})
    assert "set OPENAI_API_KEY or REVIEWER_API_KEY;" in keyless.stderr
    dead = cli("app.py", "--provider", "ollama", "--base-url", "http://127.0.0.1:9/v1")
    assert dead.exit_code == 3
    assert "is Ollama running? start it with `ollama serve`" in dead.stderr


# 9. The score follows what is shown; a split file's summary reads once.
def test_an_invented_finding_dropped_gives_back_what_it_took_from_the_score(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    invented = issue(1, "Remote code execution", severity="critical", quote="eval(data)")
    real = issue(4, "Unclear name", severity="low", quote="return value")
    fake.add(chat(review_json(4, "Two problems.", [invented, real])))
    run = cli("app.py", "--min-score", "6", "--format", "json")
    document = json.loads(run.stdout)
    assert [f["title"] for f in document["findings"]] == ["Unclear name"]
    assert document["files"][0]["score"] == 8  # 4, +4 for the critical that was not real
    assert run.exit_code == 0, run.stderr


def test_a_split_file_reads_as_its_weakest_part_once(cli: Cli, fake: FakeAPI) -> None:
    Path("big.py").write_text(
        "".join(f"def f{n}(x):\n    return x * {n}\n\n\n" for n in range(200))
    )
    fake.default = chat(review_json(9, "Part looks fine."))
    fake.add(chat(review_json(6, "One part has a problem.")))
    run = cli("big.py", env={"REVIEWER_REQUEST_TOKENS": "1000"})
    assert len(fake.chat_requests) > 2
    line = next(line for line in run.stdout.splitlines() if line.startswith("big.py: score"))
    assert line == "big.py: score 6/10. One part has a problem."


# 10. A model the price table does not know is said to be unknown, not priced by prefix.
def test_a_misspelt_model_is_not_priced_as_another(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(review_json(9, "Fine.")))
    run = cli("app.py", "--model", "gpt-4.1-mnii")
    assert "cost unknown: gpt-4.1-mnii is not in the price table (did you mean gpt-4.1-mini?)" in (
        run.stdout
    )
    assert "about $" not in run.stdout


# 11. Text paths from the working folder; machine formats keep repository paths.
def test_text_paths_are_relative_to_the_working_folder(
    cli: Cli, fake: FakeAPI, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("pkg/app.py", SAMPLE)
    monkeypatch.chdir("pkg")
    found = issue(2, quote="for i in range(len(xs) + 1):")
    fake.default = chat(review_json(5, "Off by one.", [found]))
    text = cli("app.py")
    assert text.stdout.startswith("app.py:2: high [bug]")
    document = json.loads(cli("app.py", "--format", "json").stdout)
    assert document["findings"][0]["path"] == "pkg/app.py"


# 12. Something moves from the first request to the first token.
def test_a_spinner_turns_while_the_first_token_is_awaited(
    cli: Cli, fake: FakeAPI, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Activity, "REDRAW", 0.02)
    # The runner's stderr is no terminal; this one pretends to be.
    monkeypatch.setattr(Activity, "on", classmethod(lambda cls, stream: cls(stream, live=True)))
    slow = chat(review_json(9, "Fine."))
    slow.delay = 0.3
    fake.add(slow)
    run = cli("app.py")
    assert re.search(r"[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting on 1 request: app\.py \(0 s\)", run.stderr)


# 13. The pre-commit hook never passes having reviewed nothing.
def test_the_hook_with_nothing_staged_reviews_the_files_it_is_given(
    cli: Cli, fake: FakeAPI, repo: GitRepo
) -> None:
    repo.write("app.py", SAMPLE)
    repo.write("other.py", "y = 2\n")
    repo.commit("committed; nothing staged, as in pre-commit run --all-files")
    fake.add(chat(review_json(9, "Fine.")))
    run = cli("--staged", "app.py", env={"PRE_COMMIT": "1"})
    assert run.exit_code == 0, run.stderr
    assert reviewed(fake) == ["app.py"]
    assert "Nothing to review" not in run.stdout
    # Every file at once is an audit: its size is said first, and it is capped.
    assert "reviewing 1 file in 1 request" in run.stderr
    hook = {"PRE_COMMIT": "1", "REVIEWER_FOLDER_MAX_REQUESTS": "1"}
    capped = cli("--staged", "app.py", "other.py", env=hook)
    assert capped.exit_code == 2 and "over folder_max_requests (1)" in capped.stderr
    assert len(fake.chat_requests) == 1


def test_exit_1_says_why_even_when_a_provider_failure_only_warns(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    Path("other.py").write_text("y = 2\n")
    fake.add(chat(review_json(4, "Off by one.", [issue(2, quote="for i in range(len(xs) + 1):")])))
    fake.add(error(400, "bad request"))
    run = cli("app.py", "other.py", "--on-provider-error", "warn")
    assert run.exit_code == 1
    assert "(not failing: on_provider_error is warn)" in run.stderr
    assert "error: failed: 1 finding at or above high (--fail-on high)" in run.stderr
