"""Findings you can trust: models of known habits (lines off, quotes invented, verifiers that drop
or fail), noise controls, project instructions, and `reviewer eval` on the shipped corpus."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewer.cli_eval import eval_app
from reviewer.evaluation import load_corpus
from reviewer.trust.grounding import find_quote
from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, Reply, Request, chat, error, issue, named_files, review_json

Cli = Callable[..., Run]
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "python"
CODE = [
    "import os",
    "",
    "def load(path):",
    "    handle = open(path)",
    "    data = handle.read()",
    "    return data",
    "",
    "def size(path):",
    "    return os.path.getsize(path)",
]


@pytest.fixture
def code() -> Path:
    path = Path("io_helpers.py")
    path.write_text("\n".join(CODE) + "\n")
    return path


def findings(run: Run) -> list[tuple[int, int, str]]:
    document = json.loads(run.stdout)
    return [(f["line"], f["end_line"], f["title"]) for f in document["findings"]]


def test_lines_off_by_a_few_are_moved_to_where_the_quote_is(
    cli: Cli, fake: FakeAPI, code: Path
) -> None:
    reported = [
        issue(9, "Leaked handle", quote="handle = open(path)"),  # really line 4: off by 5
        issue(1, "Read whole file", quote="data = handle.read()\n    return data"),  # 5-6
        issue(4, "Spacing", quote="return   os.path.getsize( path )"),  # 9, whitespace differs
    ]
    fake.add(chat(review_json(5, "x", reported)))
    run = cli(str(code), "--format", "json")
    assert findings(run) == [(4, 4, "Leaked handle"), (5, 6, "Read whole file"), (9, 9, "Spacing")]


def test_an_invented_finding_never_reaches_the_output_and_is_counted(
    cli: Cli, fake: FakeAPI, code: Path
) -> None:
    invented = issue(5, "Unsafe eval", quote="eval(user_input)")
    fake.add(chat(review_json(5, "x", [invented, issue(4, "Leak", quote="open(path)")])))
    run = cli(str(code), "--format", "json")
    assert findings(run) == [(4, 4, "Leak")]
    assert json.loads(run.stdout)["dropped"] == {"ungrounded": 1}
    fake.add(chat(review_json(5, "x", [invented])))
    text = cli(str(code), "--no-cache")
    assert "1 dropped (ungrounded)" in text.stdout


def test_keep_ungrounded_keeps_it_flagged(cli: Cli, fake: FakeAPI, code: Path) -> None:
    fake.add(chat(review_json(5, "x", [issue(5, "Unsafe eval", quote="eval(user_input)")])))
    run = cli(str(code), "--format", "json", env={"REVIEWER_KEEP_UNGROUNDED": "true"})
    [finding] = json.loads(run.stdout)["findings"]
    assert finding["grounded"] is False and finding["line"] == 5


def test_a_finding_without_a_quote_keeps_only_a_reviewed_line(
    cli: Cli, fake: FakeAPI, code: Path
) -> None:
    fake.add(chat(review_json(5, "x", [issue(3, "Bare"), issue(40, "Past the end")])))
    run = cli(str(code), "--format", "json")
    assert findings(run) == [(3, 3, "Bare")]
    assert json.loads(run.stdout)["dropped"] == {"line outside the file": 1}


def test_the_same_finding_from_two_parts_is_merged(cli: Cli, fake: FakeAPI) -> None:
    Path("twice.py").write_text(
        "".join(f"def f{n}(x):\n    return x + {n}\n\n\n" for n in range(120))
    )
    same = issue(2, "Shared bug", quote="def f0(x):")  # every part reports it; one part has it
    fake.default = chat(review_json(6, "x", [same, issue(2, "Shared bug", quote="def f0(x):")]))
    run = cli("twice.py", "--format", "json", env={"REVIEWER_REQUEST_TOKENS": "2000"})
    document = json.loads(run.stdout)
    assert len(fake.chat_requests) > 1
    assert [(f["line"], f["title"]) for f in document["findings"]] == [(1, "Shared bug")]
    assert document["dropped"]["duplicate"] >= 1


def test_the_verifier_drops_and_reseverities_and_the_counts_say_so(
    cli: Cli, fake: FakeAPI, code: Path
) -> None:
    reported = [issue(4, "Leak", quote="open(path)"), issue(9, "Maybe slow", quote="getsize")]
    verdicts = [
        {"id": 1, "keep": True, "severity": "medium", "reason": "Line 4 never closes it."},
        {"id": 2, "keep": False, "severity": None, "reason": "Speculation."},
    ]
    fake.add(chat(review_json(5, "x", reported)), chat(json.dumps({"verdicts": verdicts})))
    run = cli(str(code), "--format", "json", "--self-check")
    document = json.loads(run.stdout)
    assert [(f["line"], f["severity"]) for f in document["findings"]] == [(4, "medium")]
    assert document["dropped"] == {"self-check": 1}
    verifier_prompt = fake.chat_requests[1].messages[1]["content"]
    assert "Quoted code: open(path)" in verifier_prompt and "4 |     handle = open(path)" in (
        verifier_prompt
    )
    assert "Rubric" in fake.chat_requests[1].messages[0]["content"]


def test_a_failing_verifier_is_loud_and_keeps_the_findings(
    cli: Cli, fake: FakeAPI, code: Path
) -> None:
    fake.add(chat(review_json(5, "x", [issue(4, "Leak", quote="open(path)")])))
    fake.add(error(500, "verifier down"), error(500, "verifier down"))
    run = cli(str(code), "--format", "json", "--self-check")
    assert findings(run) == [(4, 4, "Leak")]
    assert "warning: self-check failed, keeping all 1 findings" in run.stderr


def test_noise_controls_rank_filter_and_count(cli: Cli, fake: FakeAPI, code: Path) -> None:
    many = [
        issue(3, "A", severity="low", category="style", quote="def load(path):"),
        issue(4, "B", severity="critical", quote="open(path)"),
        issue(5, "C", severity="medium", quote="handle.read()"),
        issue(6, "D", severity="high", category="performance", quote="return data"),
        issue(9, "E", severity="low", quote="getsize"),
    ]
    fake.add(chat(review_json(4, "x", many)))
    Path(".reviewer.toml").write_text(
        'max_findings = 2\nmin_severity = "medium"\nexclude_categories = ["style"]\n'
    )
    document = json.loads(cli(str(code), "--format", "json").stdout)
    assert [f["title"] for f in document["findings"]] == ["B", "D"]
    assert document["dropped"] == {
        "category not reported": 1, "below min_severity": 1, "over max_findings": 1,
    }  # fmt: skip


def test_project_instructions_reach_the_prompt(cli: Cli, fake: FakeAPI, code: Path) -> None:
    Path("REVIEW.md").write_text("Money is in integer cents; flag any float arithmetic on it.")
    Path(".reviewer.toml").write_text(
        'instructions = "We target Python 3.12."\ninstructions_file = "REVIEW.md"\n'
    )
    fake.add(chat(review_json(9, "Fine.")))
    cli(str(code))
    system = fake.chat_requests[0].messages[0]["content"]
    assert "We target Python 3.12." in system and "integer cents" in system


def test_find_quote_prefers_exact_then_normalised_then_near_fuzzy() -> None:
    lines = ["x = compute(a, b)", "y = compute(a,  b)", "", "z = compute(a, c)"]
    assert find_quote("compute(a, b)", lines, range(1, 5), near=4) == (1, 1)
    assert find_quote("y = compute(a, b)", lines, range(1, 5), near=1) == (2, 2)
    assert find_quote("z = compute(a, d)", lines, range(1, 5), near=4) == (4, 4)
    assert find_quote("compute", ["compute", "x = compute(1)"], range(1, 3), near=2) == (1, 1)
    assert find_quote("z = compute(a, d)", lines, range(1, 5), near=30) is None  # far: no fuzz
    assert find_quote("nothing like it", lines, range(1, 5), near=1) is None
    outside = ["x = compute(a, b)", "import os"]
    assert find_quote("x = compute(a, b)", outside, range(2, 3), near=1) is None  # not reviewed


# ---- reviewer eval


def answers(known: float) -> Callable[[Request], Reply]:
    """A model that knows the corpus's defects, or the first `known` share of the files."""
    cases = {case.file.name: case for case in load_corpus(CORPUS)}
    defective = sorted(name for name, case in cases.items() if not case.clean)
    knows = set(defective[: round(len(defective) * known)])

    def reply(request: Request) -> Reply:
        [named] = request.files
        name = Path(named).name
        case = cases[name]
        issues = []
        if name in knows:
            lines = case.file.read_text().splitlines()
            for defect in case.defects:
                quote = lines[defect.first - 1].strip()
                issues.append(issue(defect.first + 3, f"Defect in {name}", quote=quote))
        return chat(review_json(5 if issues else 9, "x", issues))

    return reply


def run_eval(fake: FakeAPI, *args: str) -> Run:
    env = {
        "OPENAI_API_KEY": API_KEY,
        "OPENAI_BASE_URL": fake.url,
        "REVIEWER_MAX_RETRIES": "0",
        "REVIEWER_PACK_TOKENS": "0",
    }  # the fake model answers one file a request
    result = CliRunner().invoke(eval_app, [str(CORPUS), *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def test_the_shipped_corpus_has_20_defective_and_10_clean_files() -> None:
    cases = load_corpus(CORPUS)
    assert sum(not case.clean for case in cases) >= 20
    assert sum(case.clean for case in cases) >= 10


@pytest.mark.parametrize(("known", "recall"), [(1.0, 1.0), (0.5, 0.5)])
def test_eval_scores_a_model_that_knows_the_answers(
    fake: FakeAPI, known: float, recall: float
) -> None:
    fake.responder = answers(known)
    run = run_eval(fake, "--format", "json")
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["recall"] == recall and report["precision"] == 1.0
    assert report["exact_line_rate"] == recall  # the quotes moved every finding home
    assert report["false_positives_per_clean_file"] == 0.0
    assert len(report["cases"]) == 30


def test_eval_counts_false_positives_and_prints_a_table(fake: FakeAPI) -> None:
    def noisy(request: Request) -> Reply:
        content = request.messages[1]["content"]
        first = re.search(r"\n\s*1 \| (.+)", content)
        quote = first[1].strip() if first else "x"
        return chat(review_json(6, "x", [issue(1, "Noise", severity="low", quote=quote)]))

    fake.responder = noisy
    run = run_eval(fake)
    assert run.exit_code == 0, run.stderr
    assert "1.00 false positives per clean file" in run.stdout
    assert re.search(r"clean_slugify\.py\s+0\s+1\s+0\s+0\s+1", run.stdout)


def test_eval_needs_a_labelled_corpus(fake: FakeAPI, tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_app, [str(tmp_path)], env={"OPENAI_API_KEY": API_KEY})
    assert result.exit_code == 2
    assert "has no corpus.toml" in result.stderr


def test_reviewer_eval_dispatches_and_a_file_named_eval_stays_reviewable(
    fake: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    Path("eval").write_text("print('a file named eval')\n")
    env = {"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": fake.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "./eval", "--dry-run"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert named_files(done.stdout) == ["eval"]
    listed = subprocess.run(
        [sys.executable, "-m", "reviewer", "eval", "--help"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert listed.returncode == 0 and "labelled corpus" in listed.stdout


def test_eval_with_every_review_failing_scores_nothing_and_exits_3(fake: FakeAPI) -> None:
    fake.responder = lambda request: chat("not json at all")
    run = run_eval(fake, "--format", "json")
    assert run.exit_code == 3
    report = json.loads(run.stdout)
    assert report["cases_reviewed"] == 0 and report["cases_total"] == 30
    assert len(report["failed"]) == 30 and report["cases"] == []
    # Never a perfect score for a run that reviewed nothing.
    assert report["false_positives_per_clean_file"] is None and report["recall"] is None
    assert run.stderr.startswith("error: reviewed 0 of 30 cases; the scores cover those only")
    text = run_eval(fake, "--no-cache")
    assert "No figures: no case was reviewed." in text.stdout and "recall" not in text.stdout


def test_eval_scores_the_reviewed_cases_and_lists_the_rest(fake: FakeAPI) -> None:
    knows = answers(1.0)

    def some_fail(request: Request) -> Reply:
        [named] = request.files
        if Path(named).name.startswith("clean_"):
            return chat("I cannot review this.")
        return knows(request)

    fake.responder = some_fail
    run = run_eval(fake, "--max-tokens", "900", "--temperature", "0")
    assert run.exit_code == 3
    assert "Not reviewed, so not scored (10 of 30 cases):" in run.stdout
    assert re.search(r"^  clean_\w+\.py: provider failed: ", run.stdout, re.M)
    assert "Reviewed 20 of 30 cases: 20 with" in run.stdout
    assert "recall 1.00, precision 1.00" in run.stdout
    assert "reviewed 20 of 30 cases" in run.stderr
    # The review's model options, and case paths as the corpus names them.
    assert {r.body["max_tokens"] for r in fake.chat_requests} == {900}
    assert {r.body["temperature"] for r in fake.chat_requests} == {0}
    assert str(CORPUS) not in run.stdout


def test_eval_reports_its_seconds_and_relative_paths(fake: FakeAPI) -> None:
    fake.responder = answers(1.0)
    report = json.loads(run_eval(fake, "--format", "json").stdout)
    assert report["usage"]["seconds"] > 0
    assert all("/" not in case["file"] for case in report["cases"])
    assert report["failed"] == []
