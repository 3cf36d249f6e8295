"""Which fixes are offered (trust/fixes.py): exact place, code and not a payload (plain text,
small beside what it replaces), a real change, no placeholder, still parses."""

from __future__ import annotations

import pytest

from reviewer.result import Finding, Fix
from reviewer.trust.fixes import (
    FIX_GROWTH,
    FIX_MORE_LINES,
    FIX_SLACK,
    check_fix,
    raw_fix,
    with_fixes,
)

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


@pytest.mark.parametrize(
    "payload",
    [
        "for i in range(len(xs)):\0",  # NUL
        "for i in range(len(xs)):  # \x1b[2K\x1b[1Aclean",  # ANSI escapes: erase, move up
        "for i in range(len(xs)):  # ok\rimport os; os.system('id')",  # a bare CR hides the start
        "for i in range(len(xs)):  # \u202e }\u2066 if admin\u2069 \u2066",  # Trojan Source
        "for i in range(len(xs)):  # \x9b2J",  # C1: a one-byte CSI
        "for i in range(len(xs)):  # \u2028x = 1",  # a line break to JavaScript, not to git
        "for i in range(len(xs)):\x7f",  # DEL
    ],
)
def test_a_fix_that_is_not_plain_text_is_withheld(payload: str) -> None:
    assert check_fix(finding(2, CODE[1].strip(), payload), CODE) == "not plain text"


def test_tabs_and_crlf_endings_are_text() -> None:
    tabbed = check_fix(finding(2, CODE[1].strip(), "for i in range(len(xs)):\t# tab"), CODE)
    assert isinstance(tabbed, Fix) and tabbed.after == ("    for i in range(len(xs)):\t# tab",)
    # CRLF is the model's line ending, not content: the file keeps its own.
    crlf = finding(2, CODE[1] + "\n" + CODE[2], "for i in xs:\r\n    value = i\r\n", end_line=3)
    kept = check_fix(crlf, CODE)
    assert isinstance(kept, Fix) and kept.after == ("    for i in xs:", "        value = i")


def test_a_control_character_the_lines_held_may_stay_but_not_multiply() -> None:
    code = ('PAGE = "\x0c"  # a form feed, as printers want it', "print(PAGE)")

    def fixing(fix: str) -> Finding:
        return Finding("a.py", 1, 1, "low", "style", "t", "m", quote=code[0],
                       fix=Fix(code[:1], (fix,)))  # fmt: skip

    assert isinstance(check_fix(fixing('PAGE: str = "\x0c"'), code), Fix)
    assert check_fix(fixing('PAGE = "\x0c\x0c"'), code) == "not plain text"


def _txt(line_count: int, width: int) -> tuple[str, ...]:
    return tuple(f"{n:0{width}d}" for n in range(line_count))


def _replacing(code: tuple[str, ...], after: list[str]) -> Finding:
    """A finding on the whole of `code` (a text file: no parser judges it) fixed by `after`."""
    return Finding("notes.txt", 1, len(code), "low", "docs", "t", "m", quote="\n".join(code),
                   fix=Fix(code, tuple(after)))  # fmt: skip


def test_a_fix_far_larger_than_its_lines_is_withheld() -> None:
    one = ("quote = 'x'",)
    assert check_fix(_replacing(one, ["quote = '" + "A" * 100_000 + "'"]), one) == "too large"
    # Up to FIX_SLACK characters more is a fix; one more is not.
    grown = len(one[0]) + FIX_SLACK
    assert isinstance(check_fix(_replacing(one, ["q" * grown]), one), Fix)
    assert check_fix(_replacing(one, ["q" * (grown + 1)]), one) == "too large"
    # Lines large enough that FIX_GROWTH times their size is the larger bound.
    block = _txt(10, 99)  # 10 lines of 99 characters: 999 with the line breaks
    size = FIX_GROWTH * 999
    assert size > 999 + FIX_SLACK
    assert isinstance(check_fix(_replacing(block, ["b" * size]), block), Fix)
    assert check_fix(_replacing(block, ["b" * (size + 1)]), block) == "too large"


def test_a_fix_adding_too_many_lines_is_withheld() -> None:
    block = _txt(3, 2)
    more = [*block, *("x" for _ in range(FIX_MORE_LINES))]
    assert isinstance(check_fix(_replacing(block, more), block), Fix)
    assert check_fix(_replacing(block, [*more, "x"]), block) == "too large"


def test_ini_files_are_parsed_and_the_payloads_counted() -> None:
    ini = ("[tool]", "name = a")
    broken = Finding("setup.cfg", 1, 1, "low", "bug", "t", "m", quote="[tool]",
                     fix=Fix(ini[:1], ("[tool",)))  # fmt: skip
    assert check_fix(broken, ini) == "does not parse"
    assert check_fix(broken, ("name = a",)) != "does not parse"  # no section: not INI before
    escape = finding(2, CODE[1].strip(), "for i in range(len(xs)):\x1b]0;title\x07")
    huge = finding(4, "return value", "return value" + " " * 10_000)
    kept, dropped = with_fixes([escape, huge], CODE)
    assert [f.fix for f in kept] == [None, None]
    assert dropped == {"not plain text": 1, "too large": 1}
