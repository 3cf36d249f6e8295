"""Which fixes are offered (trust/fixes.py): exact place, a real change, no placeholder, still
parses."""

from __future__ import annotations

from reviewer.result import Finding, Fix
from reviewer.trust.fixes import check_fix, raw_fix, with_fixes

CODE = (
    "def last(xs):",
    "    for i in range(len(xs) + 1):",
    "        value = xs[i]",
    "    return value",
)


def finding(
    line: int, quote: str, fix: str | None, *, end_line: int | None = None, path: str = "a.py"
) -> Finding:
    end = end_line or line
    after = raw_fix(fix)
    return Finding(
        path, line, end, "high", "bug", "Off by one", "Reads past the end.",
        quote=quote, fix=Fix(CODE[line - 1 : end], after) if after is not None else None,
    )  # fmt: skip


def test_a_fix_of_whole_quoted_lines_is_kept_at_their_indentation() -> None:
    kept = check_fix(finding(2, "for i in range(len(xs) + 1):", "for i in range(len(xs)):"), CODE)
    assert kept == Fix((CODE[1],), ("    for i in range(len(xs)):",))


def test_a_fix_written_with_its_indentation_keeps_it() -> None:
    fix = "    for i in range(len(xs)):\n        value = xs[i]"
    kept = check_fix(finding(2, CODE[1] + "\n" + CODE[2], fix, end_line=3), CODE)
    assert isinstance(kept, Fix) and kept.after == ("    for i in range(len(xs)):", CODE[2])


def test_a_fix_written_flush_left_is_indented_as_the_lines_it_replaces() -> None:
    both = CODE[1].strip() + "\n" + CODE[2].strip()
    # Indented relative to its first line, as the quote was written...
    relative = finding(2, both, "for i in range(len(xs)):\n    value = xs[i]", end_line=3)
    # ... or with only its first line flush left, the rest where the code stands.
    absolute = finding(2, both, "for i in range(len(xs)):\n        value = xs[i]", end_line=3)
    for given in (relative, absolute):
        kept = check_fix(given, CODE)
        assert isinstance(kept, Fix) and kept.after == ("    for i in range(len(xs)):", CODE[2])


def test_a_quote_of_part_of_a_line_is_replaced_in_place() -> None:
    kept = check_fix(finding(2, "len(xs) + 1", "len(xs)"), CODE)
    assert kept == Fix((CODE[1],), ("    for i in range(len(xs)):",))


def test_fixes_that_cannot_be_placed_or_change_nothing_are_dropped() -> None:
    # The quote is only close to the line (a fuzzy match): where the fix goes is a guess.
    assert check_fix(finding(2, "for i in range(len(xs)+1)", "for i in xs:"), CODE) == (
        "quote not exact"
    )
    assert check_fix(finding(2, "", "for i in xs:"), CODE) == "quote not exact"
    assert check_fix(finding(2, CODE[1], CODE[1].strip()), CODE) == "changes nothing"


def test_a_fix_that_breaks_the_parse_is_dropped_but_not_one_in_a_file_that_never_parsed() -> None:
    broken = finding(2, CODE[1].strip(), "for i in range(len(xs)")
    assert check_fix(broken, CODE) == "does not parse"
    unparsed = (*CODE, "    )")  # a file that did not parse before: no parser can judge
    assert isinstance(check_fix(broken, unparsed), Fix)
    json_file = ('{"a": 1,', ' "b": 2}')
    bad = Finding("x.json", 1, 1, "low", "bug", "t", "m", quote='{"a": 1,',
                  fix=Fix((json_file[0],), ('{"a": 1',)))  # fmt: skip
    assert check_fix(bad, json_file) == "does not parse"


def test_a_fix_touching_a_redacted_secret_is_dropped() -> None:
    code = ('TOKEN = "<redacted:github-token>"', "print(TOKEN)")
    after = ('TOKEN = os.environ["<redacted:github-token>"]',)
    leak = Finding("a.py", 1, 1, "high", "security", "t", "m", quote=code[0],
                   fix=Fix((code[0],), after))  # fmt: skip
    assert check_fix(leak, code) == "touches a redacted secret"


def test_fixes_are_checked_and_counted_and_their_findings_stay() -> None:
    good = finding(2, CODE[1].strip(), "for i in range(len(xs)):")
    bad = finding(4, "return value", "return value")
    kept, dropped = with_fixes([good, bad], CODE)
    assert [f.fix is not None for f in kept] == [True, False]
    assert dropped == {"changes nothing": 1}


def test_a_blank_or_fenced_fix() -> None:
    assert raw_fix(None) is None and raw_fix("  \n") is None
    assert raw_fix("```python\nx = 1\n```") == ("x = 1",)
    assert raw_fix("x = 1\ny = 2\n") == ("x = 1", "y = 2")
