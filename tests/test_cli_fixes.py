"""Fixes end to end: shown in every output, and `--fix` writing them into real files as
`ruff --fix` does (only where they still apply, never two that overlap, the file's mode and
line endings kept, the index left alone)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SAMPLE, Run, assert_valid
from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json
from tests.gitrepo import GitRepo

BUG = "for i in range(len(xs) + 1):"
FIXED = "for i in range(len(xs)):"
NAME = "value = xs[i]"


def code_of(request: Request) -> str:
    return "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")


def model(*habits: tuple[str, dict[str, object]]) -> Callable[[Request], Reply]:
    """A model that reports each (code, issue) whose code is in what it is shown: fixed code
    is reported no more."""

    def answer(request: Request) -> Reply:
        code = code_of(request)
        found = [found for text, found in habits if text in code]
        return chat(review_json(6 if found else 9, issues=found))

    return answer


OFF_BY_ONE = (BUG, issue(2, quote=BUG, fix=FIXED))


def test_a_fix_shows_as_a_diff_in_text_and_as_fix_in_json(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.responder = model(OFF_BY_ONE)
    text = cli(str(sample)).stdout
    assert f"    -    {BUG}" in text and f"    +    {FIXED}" in text
    assert "@@ -2 +2 @@" in text
    document = json.loads(cli(str(sample), "--format", "json", "--no-cache").stdout)
    assert document["findings"][0]["fix"] == f"    {FIXED}"
    assert document["fixes_dropped"] == {}


def test_sarif_fixes_validate_and_replace_the_findings_lines(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.responder = model(OFF_BY_ONE)
    document = json.loads(cli(str(sample), "--format", "sarif").stdout)
    result = document["runs"][0]["results"][0]
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "app.py"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "endLine": 2},
            "insertedContent": {"text": f"    {FIXED}"},
        }
    ]
    broken = json.loads(json.dumps(document))
    broken["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"] = [{}]
    assert_valid(document, "sarif-schema-2.1.0.oasis.json", broken)


def test_markdown_shows_the_fix_as_a_diff_block(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.responder = model(OFF_BY_ONE)
    text = cli(str(sample), "--format", "markdown").stdout
    assert f"```diff\n@@ -2 +2 @@\n-    {BUG}\n+    {FIXED}\n```" in text


def test_a_fix_that_would_not_parse_is_withheld_and_counted(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.responder = model((BUG, issue(2, quote=BUG, fix="for i in range(len(xs):")))
    document = json.loads(cli(str(sample), "--format", "json").stdout)
    assert document["findings"][0]["fix"] is None  # the finding stays, without its fix
    assert document["fixes_dropped"] == {"does not parse": 1}


def test_fix_applies_the_fix_and_the_re_review_finds_it_no_more(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.responder = model(OFF_BY_ONE)
    sample.chmod(0o755)
    done = cli(str(sample), "--fix")
    assert done.exit_code == 0, done.stdout + done.stderr  # the one finding is fixed: ruff's 0
    assert sample.read_text() == SAMPLE.replace(BUG, FIXED)
    assert stat.S_IMODE(sample.stat().st_mode) == 0o755
    assert "app.py:2: fixed [bug]" in done.stdout and "1 fixed" in done.stdout
    again = cli(str(sample), "--no-cache")
    assert again.exit_code == 0 and "No findings" in again.stdout


def test_fix_keeps_crlf_endings_and_a_missing_final_newline(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    path = Path("win.py")
    path.write_bytes(SAMPLE.rstrip("\n").replace("\n", "\r\n").encode())
    fake.responder = model(
        (BUG, issue(2, quote=BUG, fix=FIXED)),
        (
            "return value",
            issue(
                4,
                "Returns the last read",
                severity="low",
                quote="return value",
                fix="return xs[-1]",
            ),
        ),
    )
    assert cli(str(path), "--fix").exit_code == 0
    expected = SAMPLE.rstrip("\n").replace(BUG, FIXED).replace("return value", "return xs[-1]")
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode()


def test_of_two_overlapping_fixes_only_the_more_severe_is_applied(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    both = f"{BUG}\n        {NAME}"
    fake.responder = model(
        (BUG, issue(2, quote=BUG, fix=FIXED, severity="critical")),
        (
            NAME,
            issue(
                2,
                "Loop body",
                end_line=3,
                severity="medium",
                quote=both,
                fix="for value in xs:\n    pass",
            ),
        ),
    )
    done = cli(str(sample), "--fix", "--fail-on", "medium")
    assert sample.read_text() == SAMPLE.replace(BUG, FIXED)
    assert "fix not applied: it overlaps another fix" in done.stderr
    assert done.exit_code == 1  # the medium finding remains, at --fail-on medium


def test_a_file_changed_since_the_review_is_not_fixed(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    answer = model(OFF_BY_ONE)

    def edit_while_reviewing(request: Request) -> Reply:
        sample.write_text(SAMPLE.replace("xs[i]", "xs[i - 1]").replace(" + 1", " + 2"))
        return answer(request)

    fake.responder = edit_while_reviewing
    done = cli(str(sample), "--fix")
    assert "its lines changed since the review" in done.stderr
    assert " + 2" in sample.read_text()  # the user's edit is never overwritten
    assert done.exit_code == 1


def test_fix_on_staged_changes_writes_the_work_tree_and_leaves_the_index(
    cli: Callable[..., Run], fake: FakeAPI, repo: GitRepo
) -> None:
    repo.write("app.py", "def last(xs):\n    return xs\n")
    repo.commit()
    repo.write("app.py", SAMPLE)
    repo.stage("app.py")
    fake.responder = model(OFF_BY_ONE)
    done = cli("--staged", "--fix")
    assert done.exit_code == 0, done.stderr
    assert (repo.path / "app.py").read_text() == SAMPLE.replace(BUG, FIXED)
    assert repo.git("show", ":app.py") + "\n" == SAMPLE  # staged content untouched
    assert repo.git("diff", "--name-only") == "app.py"  # the change waits for the user


def test_fix_refuses_commits_and_standard_input(
    cli: Callable[..., Run], fake: FakeAPI, repo: GitRepo
) -> None:
    repo.write("app.py", SAMPLE)
    first = repo.commit()
    repo.write("app.py", SAMPLE + "\n")
    second = repo.commit()
    for args in (("--diff", f"{first}..{second}"), ("-", "--stdin-filename", "app.py")):
        done = cli(*args, "--fix", stdin="x = 1\n")
        assert done.exit_code == 2 and "--fix" in done.stderr
        assert "Traceback" not in done.stderr
    assert not fake.requests  # refused before anything was sent
    assert sorted(os.listdir(repo.path)) == [".git", "app.py"]  # nothing written beside it


def test_fix_reports_what_it_fixed_in_json_that_validates(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    import jsonschema

    fake.responder = model(OFF_BY_ONE)
    document = json.loads(cli(str(sample), "--fix", "--format", "json").stdout)
    schema = json.loads((Path(__file__).parent / "schemas" / "output.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert document["findings"] == []
    [fixed] = document["fixed"]
    assert (fixed["path"], fixed["line"], fixed["fix"]) == ("app.py", 2, f"    {FIXED}")


def test_fix_applies_no_payload_only_code(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    """A fix with terminal escapes and a carriage return, or far larger than the one line it
    replaces, is not applied: the finding stays, without its fix, and the file is as it was."""
    payloads = {
        "not plain text": FIXED + "  # \x1b[2K\x1b[1A\rimport os; os.system('id')",
        "too large": FIXED + "  # " + "A" * 6_000,
        # 100 KB: withheld whichever check meets it first (the reply's own limit may).
        "": FIXED + "  # " + "A" * 100_000,
    }
    for reason, payload in payloads.items():
        fake.responder = model((BUG, issue(2, quote=BUG, fix=payload)))
        done = cli(str(sample), "--fix", "--format", "json", "--no-cache")
        assert sample.read_bytes() == SAMPLE.encode()
        document = json.loads(done.stdout)
        assert document["fixed"] == []
        assert [(f["line"], f["fix"]) for f in document["findings"]] == [(2, None)]
        if reason:
            assert document["fixes_dropped"] == {reason: 1}
        assert done.exit_code == 1  # the high finding remains
