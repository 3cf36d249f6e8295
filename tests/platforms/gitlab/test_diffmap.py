"""Positions GitLab accepts, from its own diff: the line rules and line codes of "Create a new
thread in the merge request diff" (https://docs.gitlab.com/api/discussions/
#create-a-new-thread-in-the-merge-request-diff), checked against GitLab's diff parser's
numbering as the fake GitLab counts it (tests/fakegitlab.py), on diffs git makes."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.platforms.gitlab.diffmap import FileDiff, file_diffs, parse_hunks, position
from reviewer.platforms.plan import Inline
from reviewer.result import Finding
from tests.fakegitlab import diff_lines, version_diffs
from tests.gitrepo import GitRepo

SHAS = {"base_sha": "a" * 40, "start_sha": "b" * 40, "head_sha": "c" * 40}
DIFF = (
    "@@ -1,5 +1,5 @@\n"
    " one\n"
    "-two\n"
    "+TWO\n"
    "+2.5\n"
    " three\n"
    " four\n"
    "--- a SQL comment, removed\n"
    "@@ -20,2 +21,2 @@ def tail():\n"
    " keep\n"
    "+++ not a header\n"
    "-gone\n"
)
SHA1 = hashlib.sha1(b"src/app.py").hexdigest()


def finding(line: int, end: int | None = None) -> Finding:
    return Finding("src/app.py", line, end or line, "high", "bug", "T", "m")


def the_file() -> FileDiff:
    return file_diffs([{"old_path": "src/app.py", "new_path": "src/app.py", "diff": DIFF}])[
        "src/app.py"
    ]


def test_hunks_are_counted_off_by_their_headers_whatever_the_lines_look_like() -> None:
    lines, ranges = parse_hunks(DIFF)
    assert ranges == ((1, 5), (21, 22))
    kinds = "".join(line.kind for line in lines)
    assert [line.text for line in lines[1:3]] == ["two", "TWO"]
    assert kinds == " -++  - +-"
    assert [(line.old_line, line.new_line) for line in lines if line.kind == "+"] == [
        (None, 2), (None, 3), (None, 22)
    ]  # fmt: skip


def test_an_added_line_takes_new_line_only_and_an_unchanged_line_both() -> None:
    file = the_file()
    added = position(file, Inline(finding(2), 2), SHAS)
    assert added == {"position_type": "text", **SHAS, "old_path": "src/app.py",
                     "new_path": "src/app.py", "new_line": 2}  # fmt: skip
    unchanged = position(file, Inline(finding(5), 5), SHAS)
    assert unchanged is not None
    assert (unchanged["old_line"], unchanged["new_line"]) == (4, 5)
    assert position(file, Inline(finding(10), 10), SHAS) is None  # not on the diff


def test_a_range_names_both_ends_by_line_code_and_type() -> None:
    spot = position(the_file(), Inline(finding(2, 4), 4, 2), SHAS)
    assert spot is not None
    assert (spot.get("old_line"), spot["new_line"]) == (3, 4)  # the range ends on line 4
    assert spot["line_range"] == {
        # GitLab's parser: an added line carries the old side's running count.
        "start": {"line_code": f"{SHA1}_3_2", "type": "new", "new_line": 2},
        "end": {"line_code": f"{SHA1}_3_4", "type": "old", "old_line": 3, "new_line": 4},
    }


def test_a_new_file_is_named_on_both_sides_and_a_deleted_one_takes_nothing() -> None:
    files = file_diffs([
        {"old_path": "new.py", "new_path": "new.py", "new_file": True,
         "diff": "@@ -0,0 +1,2 @@\n+a\n+b\n"},
        {"old_path": "old.py", "new_path": "old.py", "deleted_file": True,
         "diff": "@@ -1 +0,0 @@\n-a\n"},
        {"old_path": "big.bin", "new_path": "big.bin", "diff": ""},
    ])  # fmt: skip
    assert set(files) == {"new.py", "big.bin"} and files["big.bin"].ranges == ()
    spot = position(files["new.py"], Inline(finding(2), 2), SHAS)
    assert spot is not None and spot["old_path"] == spot["new_path"] == "new.py"
    code = files["new.py"].line_code(files["new.py"].lines[1])
    assert code == f"{hashlib.sha1(b'new.py').hexdigest()}_0_2"


_LINE = st.sampled_from(["a", "b", "c", "-- x", "++ y", "", "  z"])


@settings(max_examples=25, deadline=None)
@given(old=st.lists(_LINE, max_size=30), new=st.lists(_LINE, max_size=30))
def test_every_position_made_is_one_the_fake_gitlab_accepts(
    tmp_path_factory: object, old: list[str], new: list[str]
) -> None:
    """On any change git can make, every new-side line of the diff gets a position whose
    numbers and line code GitLab's parser gives that line, and no other line gets one."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        repo = GitRepo(Path(folder))
        repo.write("f.txt", "".join(f"{line}\n" for line in old))
        base = repo.commit("base")
        repo.write("f.txt", "".join(f"{line}\n" for line in new))
        head = repo.commit("head")
        entries = version_diffs(repo.path, base, head)
    if not entries:
        return
    file = file_diffs(entries)["f.txt"]
    truth = {ln.new_line: ln for ln in diff_lines("f.txt", entries[0]["diff"]) if ln.new_line}
    for number in range(1, len(new) + 2):
        spot = position(file, Inline(finding(number), number), SHAS)
        if number not in truth:
            assert spot is None
            continue
        assert spot is not None
        assert (spot.get("old_line"), spot["new_line"]) == (truth[number].old_line, number)
        line = file.at(number)
        assert line is not None and file.line_code(line) == truth[number].code
