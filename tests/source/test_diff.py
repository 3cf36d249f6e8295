"""The diff parser and the view of a change the model is shown: pure, from bytes to lines."""

from __future__ import annotations

import pytest

from reviewer.source.diff import DiffParseError, Hunk, parse_diff
from reviewer.source.view import view_of

SHA_A, SHA_B = "a" * 40, "b" * 40


def raw(status: str, *paths: str, old: str = "100644", new: str = "100644") -> bytes:
    names = b"".join(path.encode() + b"\0" for path in paths)
    return f":{old} {new} {SHA_A} {SHA_B} {status}".encode() + b"\0" + names


def test_hunks_are_counted_off_by_their_headers() -> None:
    patch = (
        b"diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n"
        b"@@ -3 +3,2 @@ def f():\n-old\n+diff --git a/evil b/evil\n+@@ -1 +1 @@\n"
        b"@@ -9,2 +10,0 @@\n-gone 1\r\n-gone 2\n\\ No newline at end of file\n"
        b"@@ -20,0 +21 @@\n+tail\n\\ No newline at end of file\n"
    )
    (change,) = parse_diff(raw("M", "x.py") + b"\0" + patch)
    assert change.path == "x.py"
    assert change.new_sha == SHA_B
    assert change.hunks == (
        Hunk(3, 1, 3, 2, ("old",)),
        Hunk(9, 2, 10, 0, ("gone 1", "gone 2")),
        Hunk(20, 0, 21, 1, ()),
    )
    assert list(change.hunks[0].added) == [3, 4]


def test_renames_binaries_and_unmerged_paths_line_up_with_their_sections() -> None:
    data = (
        raw("R087", "old name.py", "new é.py")
        + raw("A", "blob.bin", old="000000")
        + raw("U", "both.py", old="000000", new="000000")
        + raw("M", "last.py")
        + b"\0"
        + b"diff --git a/old name.py b/new \xc3\xa9.py\nrename from x\n@@ -1 +1 @@\n-a\n+b\n"
        + b"diff --git a/blob.bin b/blob.bin\nBinary files /dev/null and b/blob.bin differ\n"
        + b"* Unmerged path both.py\n"
        + b"diff --git a/last.py b/last.py\n@@ -0,0 +1 @@\n+x\n"
    )
    renamed, binary, unmerged, last = parse_diff(data)
    assert (renamed.status, renamed.old_path, renamed.path) == ("R", "old name.py", "new é.py")
    assert renamed.hunks == (Hunk(1, 1, 1, 1, ("a",)),)
    assert binary.binary and not binary.hunks
    assert unmerged.status == "U" and not unmerged.hunks
    assert last.hunks == (Hunk(0, 0, 1, 1, ()),)


def test_no_changes_parse_to_nothing() -> None:
    assert parse_diff(b"") == []


@pytest.mark.parametrize(
    "data",
    [
        raw("M", "x.py") + b"\0",  # a file with no section
        raw("M", "x.py") + b"\0diff --git a/x b/x\n@@ -1,2 +1 @@\n-a\n",  # cut short
        raw("M", "x.py") + b"\0diff --git a/x b/x\n@@ -1 +1 @@\n?a\n+b\n",  # a stray line
        b":100644 100644 abc M",  # the raw part cut off
    ],
)
def test_output_that_git_never_writes_is_an_error(data: bytes) -> None:
    with pytest.raises(DiffParseError):
        parse_diff(data)


STATS = """\
import math


class Stats:
    def __init__(self, values):
        self.values = list(values)

    def mean(self):
        total = sum(self.values)
        return total / (len(self.values) - 1)

    def spread(self):
        low = min(self.values)
        high = max(self.values)
        mid = (low + high) // 2
        return high - low


def root(x):
    return math.sqrt(x)
""".splitlines()
STATS_HUNKS = (Hunk(10, 1, 10, 1, ("        return total / len(self.values)",)), Hunk(14, 0, 15, 1))


def test_each_hunk_is_shown_from_its_enclosing_definition_with_new_line_numbers() -> None:
    view = view_of(STATS, STATS_HUNKS, context_lines=20)
    assert view.text.splitlines() == [
        " 8  |     def mean(self):",
        " 9  |         total = sum(self.values)",
        "   -|         return total / len(self.values)",
        "10 +|         return total / (len(self.values) - 1)",
        "11  | ",
        "12  |     def spread(self):",
        "13  |         low = min(self.values)",
        "14  |         high = max(self.values)",
        "15 +|         mid = (low + high) // 2",
        "16  |         return high - low",
        "17  | ",
        "18  | ",
    ]
    assert view.added == view.touched == {10, 15}
    assert view.shown == set(range(8, 19))


def test_context_stops_at_the_configured_limit_and_gaps_are_marked() -> None:
    view = view_of(STATS, (Hunk(10, 1, 10, 1, ("x",)), Hunk(19, 1, 20, 1, ("y",))), 1)
    assert view.text.splitlines() == [
        " 9  |         total = sum(self.values)",
        "   -| x",
        "10 +|         return total / (len(self.values) - 1)",
        "11  | ",
        "    ...",
        "19  | def root(x):",
        "   -| y",
        "20 +|     return math.sqrt(x)",
    ]
    bare = view_of(STATS, (Hunk(10, 1, 10, 1, ("x",)),), 0)
    assert bare.text.splitlines() == [
        "   -| x",
        "10 +|         return total / (len(self.values) - 1)",
    ]


def test_a_block_header_is_found_in_brace_languages_too() -> None:
    js = [
        "export async function load(url) {",
        "\tconst res = await fetch(url);",
        "\tif (!res.ok) {",
        "\t\tthrow new Error(res.status);",
        "\t}",
        "\treturn res.json();",
        "}",
    ]
    view = view_of(js, (Hunk(6, 1, 6, 1, ("\treturn res;",)),), 20)
    assert view.text.splitlines()[0] == "1  | export async function load(url) {"


def test_a_removal_touches_the_lines_on_either_side() -> None:
    view = view_of(STATS, (Hunk(7, 2, 6, 0, ("    # gone", "    # too")),), 20)
    assert view.added == set()
    assert view.touched == {6, 7}
    assert view.text.splitlines()[3:6] == ["  -|     # gone", "  -|     # too", "7  | "]
    end = view_of(["a", "b"], (Hunk(3, 1, 2, 0, ("c",)),), 20)
    assert end.touched == {2}
    assert end.text.splitlines()[-1] == "  -| c"


@pytest.mark.parametrize(
    ("mode", "kept"),
    [("added", [10, 15]), ("diff_context", [8, 10, 15]), ("file", [2, 8, 10, 15]),
     ("nofilter", [2, 8, 10, 15])],
)  # fmt: skip
def test_filter_modes(mode: str, kept: list[int]) -> None:
    view = view_of(STATS, STATS_HUNKS, context_lines=20)
    assert [line for line in (2, 8, 10, 15) if view.keeps(mode, line, line)] == kept
    assert view.keeps("added", 13, 16)  # a range that reaches an added line belongs to it
