"""Exclude patterns: gitignore's rules (pathspec), the defaults, and which pattern matched."""

from __future__ import annotations

import pytest

from reviewer.source.excludes import DEFAULT_EXCLUDES, Excludes, excludes_for


@pytest.mark.parametrize(
    ("path", "pattern"),
    [("uv.lock", "*.lock"), ("web/app.min.js", "*.min.js"), ("api/x_pb2.py", "*_pb2.py"),
     ("vendor/lib/a.go", "vendor/"), ("ui/__snapshots__/a.snap", "*.snap")],
)  # fmt: skip
def test_the_defaults_skip_what_nobody_reads_line_by_line(path: str, pattern: str) -> None:
    assert excludes_for([], defaults=True).match(path) == pattern


def test_source_files_are_not_excluded_by_default() -> None:
    excludes = excludes_for([], defaults=True)
    assert excludes.match("src/app.py") is None
    assert excludes.match("src/vendor.py") is None  # a file, not the vendor/ folder


def test_own_patterns_add_to_the_defaults_or_replace_them() -> None:
    assert excludes_for(["docs/"], defaults=True).match("docs/a.md") == "docs/"
    assert excludes_for(["docs/"], defaults=True).match("uv.lock") == "*.lock"
    assert excludes_for(["docs/"], defaults=False).match("uv.lock") is None


def test_a_negated_pattern_includes_again_and_comments_are_ignored() -> None:
    excludes = Excludes(["# generated", "*.lock", "!keep.lock", ""])
    assert excludes.match("a.lock") == "*.lock"
    assert excludes.match("keep.lock") is None
    assert excludes.patterns == ["*.lock", "!keep.lock"]


def test_no_patterns_match_nothing() -> None:
    assert Excludes([]).match("anything") is None
    assert "*.lock" in DEFAULT_EXCLUDES
