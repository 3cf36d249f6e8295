"""Which of the model's fixes are offered: a fix is kept only when it is certain where it goes and
that it does no harm. Its finding's quote must be the finding's lines exactly (whole lines, or
a part of one line); the fix must be code, not a payload: plain text (`NOT_TEXT`) and small
beside the lines it replaces (`FIX_GROWTH`, `FIX_SLACK`, `FIX_MORE_LINES`); it must change them,
it must not carry a redaction placeholder into the file, and the fixed file must still parse
where it parsed before, for the languages whose parser the standard library has (Python, JSON,
TOML, INI). A fix that fails any of these is dropped and counted; its finding stays. Pure.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence

from reviewer.contract import FixDropReason, FixesDropped
from reviewer.result import Finding, Fix
from reviewer.trust.grounding import quote_lines

REDACTED = "<redacted:"
_FENCE = re.compile(r"^\s*```[\w+-]*[ \t]*\n(.*?)\n?```\s*$", re.DOTALL)

# What a fix written into a file must not bring that the lines it replaces did not hold: control
# characters but tab (ESC opens a terminal's escape sequences, a bare CR hides what came before
# it on the line, C1 holds a one-byte CSI), the line and paragraph separators (line breaks to
# some languages and editors, not to git), and the bidirectional embeddings, overrides and
# isolates that make code read otherwise than it runs (Trojan Source, CVE-2021-42574).
NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A fix is small beside the lines it replaces: at most FIX_GROWTH times their characters, or
# FIX_SLACK characters more when that is larger (a one-line fix may add a few lines), and at
# most FIX_MORE_LINES lines more. Anything larger is a rewrite, not a fix, or a payload.
FIX_GROWTH = 4
FIX_SLACK = 2_000
FIX_MORE_LINES = 50


def _python(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an odd escape in the user's code is not ours to print
        ast.parse(text)


def _toml(text: str) -> None:
    import tomllib  # Python 3.11 and later; older interpreters check no TOML

    tomllib.loads(text)


def _ini(text: str) -> None:
    import configparser  # deferred: few files are INI

    try:
        configparser.ConfigParser(interpolation=None).read_string(text)
    except configparser.Error as exc:  # not a ValueError: said as one, as the others are
        raise ValueError(str(exc)) from None


# XML is left out on purpose: expat would expand the entities of the repository's own file.
_PARSERS: dict[str, Callable[[str], None]] = {
    ".py": _python,
    ".pyi": _python,
    ".pyw": _python,
    ".json": json.loads,
    ".ipynb": json.loads,
    ".toml": _toml,
    ".ini": _ini,
    ".cfg": _ini,
}


def parser_for(path: str) -> Callable[[str], None] | None:
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return _PARSERS.get(suffix)


def _parses(parse: Callable[[str], None], lines: Sequence[str]) -> bool:
    try:
        parse("\n".join(lines) + "\n")
    except (SyntaxError, ValueError, ImportError, RecursionError, MemoryError):
        # tomllib.TOMLDecodeError and json.JSONDecodeError are ValueErrors.
        return False
    return True


def raw_fix(text: str | None) -> tuple[str, ...] | None:
    """The model's fix as lines: None when there is none (null or blank: a fix that deletes
    the lines is too easily a slip for "no fix"), a code fence around it taken off. CRLF is a
    line ending, not content (the file keeps its own); a CR alone stays, for `check_fix`."""
    if text is None or not text.strip():
        return None
    text = text.replace("\r\n", "\n")
    fenced = _FENCE.match(text)
    if fenced is not None:
        text = fenced.group(1)
    return tuple(text.removesuffix("\n").split("\n"))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _reindented(after: Sequence[str], before: Sequence[str]) -> tuple[str, ...]:
    """The fix at the indentation of the lines it replaces, when the model wrote its first line
    flush left (as quotes are compared, without indentation). Its later lines are indented the
    same, unless they already stand where the lines they replace did (only the first line lost
    its indentation, as in a quote copied from the middle of a line)."""
    written = [_indent(line) for line in after if line.strip()]
    had = [_indent(line) for line in before if line.strip()]
    if not had or not written or written[0] or not had[0]:
        return tuple(after)
    prefix = had[0]
    absolute = (
        len(written) > 1 and len(had) > 1 and min(map(len, written[1:])) >= min(map(len, had[1:]))
    )
    first = next(n for n, line in enumerate(after) if line.strip())
    return tuple(
        prefix + line if line.strip() and (n == first or not absolute) else line
        for n, line in enumerate(after)
    )


def _placed(finding: Finding, lines: Sequence[str]) -> tuple[str, ...] | None:
    """The finding's lines rewritten by its fix, or None when the quote does not say exactly
    which code the fix replaces."""
    assert finding.fix is not None
    before = tuple(lines[finding.line - 1 : finding.end_line])
    wanted = quote_lines(finding.quote)
    after = finding.fix.after
    if wanted and [line.strip() for line in before] == wanted:
        return _reindented(after, before)
    quote = finding.quote.strip()
    # A quote of part of one line: the fix replaces that part, the rest of the line stays.
    if len(before) == 1 and len(after) == 1 and quote and before[0].count(quote) == 1:
        return (before[0].replace(quote, after[0].strip(), 1),)
    return None


def _not_text(after: Sequence[str], before: Sequence[str]) -> bool:
    """Whether the fix brings characters of NOT_TEXT, more of any than its lines held (a form
    feed the file had may stay where it was)."""
    brought = Counter(NOT_TEXT.findall("\n".join(after)))
    return bool(brought and brought - Counter(NOT_TEXT.findall("\n".join(before))))


def _too_large(after: Sequence[str], before: Sequence[str]) -> bool:
    size, was = len("\n".join(after)), len("\n".join(before))
    more_lines = len(after) - len(before)
    return size > max(FIX_GROWTH * was, was + FIX_SLACK) or more_lines > FIX_MORE_LINES


def check_fix(
    finding: Finding, lines: Sequence[str], parse_ok: bool | None = None
) -> Fix | FixDropReason | None:
    """The finding's fix made exact (whole lines at their indentation), or why it is dropped;
    None when it has none. `lines` is the whole file as reviewed; `parse_ok` whether it parses
    (computed when not given)."""
    if finding.fix is None:
        return None
    if not finding.grounded or finding.end_line > len(lines):
        return "quote not exact"
    after = _placed(finding, lines)
    if after is None:
        return "quote not exact"
    before = tuple(lines[finding.line - 1 : finding.end_line])
    if _not_text(after, before):
        return "not plain text"
    if _too_large(after, before):
        return "too large"
    if after == before:
        return "changes nothing"
    if any(REDACTED in line for line in before + after):
        return "touches a redacted secret"
    parse = parser_for(finding.path)
    if parse is not None:
        if parse_ok is None:
            parse_ok = _parses(parse, lines)
        fixed = [*lines[: finding.line - 1], *after, *lines[finding.end_line :]]
        if parse_ok and not _parses(parse, fixed):
            return "does not parse"
    return Fix(before, after)


def with_fixes(
    findings: Sequence[Finding], lines: Sequence[str]
) -> tuple[list[Finding], FixesDropped]:
    """The findings with their fixes checked: a fix that fails is removed (and counted)."""
    kept: list[Finding] = []
    dropped: FixesDropped = {}
    parse = parser_for(findings[0].path) if findings else None
    parse_ok = _parses(parse, lines) if parse and any(f.fix for f in findings) else None
    for finding in findings:
        checked = check_fix(finding, lines, parse_ok)
        if isinstance(checked, str):
            dropped[checked] = dropped.get(checked, 0) + 1
            checked = None
        kept.append(dataclasses.replace(finding, fix=checked))
    return kept, dropped
