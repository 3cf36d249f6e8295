"""The model's words are cut to documented limits as the reply is read, before anything copies
them; names are folded to one line. Pure."""

from __future__ import annotations

import json
from typing import Any

from reviewer.model.reply import parse_reply
from reviewer.model.schema import PackFile, PackReply, ReviewReply, Verdict
from reviewer.model.shown import (
    CUT,
    FIX_LIMIT,
    QUOTE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    cut,
    cut_lines,
    one_line,
)
from reviewer.trust.anchoring import to_findings


def _issue(**fields: Any) -> dict[str, Any]:
    return {"line": 1, "severity": "high", "category": "bug", "title": "t", "message": "m",
            **fields}  # fmt: skip


def test_cut_marks_the_cut_and_never_exceeds_the_limit() -> None:
    assert cut("short", 10) == "short"
    assert cut("x" * 11, 10) == "x" * 9 + CUT and len(cut("x" * 11, 10)) == 10
    assert cut("word " * 5, 10) == "word word" + CUT  # no space before the mark


def test_cut_lines_keeps_whole_lines_and_no_mark() -> None:
    assert cut_lines("ab\ncd\nef", 7) == "ab\ncd"
    assert cut_lines("abcdefgh", 3) == "abc"  # one long line: cut inside it
    assert cut_lines("ab\ncd", 5) == "ab\ncd"


def test_one_line_folds_every_line_break_and_control_character() -> None:
    assert one_line("a\nb\r\nc\u2028d\u2029e\x85f\x0bg\x1b[2Jh\u202ei") == "a b c d e f g [2Jh i"
    assert one_line("plain name.py") == "plain name.py"


def test_every_text_of_a_reply_is_cut_to_its_limit_as_it_is_read() -> None:
    big = "x" * 1_000_000
    reply = {"score": 3, "summary": big,
             "issues": [_issue(title=big, message=big, suggestion=big)]}  # fmt: skip
    parsed = parse_reply(json.dumps(reply), ReviewReply)
    [issue] = parsed.issues
    assert len(issue.title) == TITLE_LIMIT and issue.title.endswith(CUT)
    assert len(issue.message) == len(issue.suggestion or "") == TEXT_LIMIT
    assert len(parsed.summary) == TEXT_LIMIT and parsed.summary.endswith(CUT)
    pack = PackReply.model_validate(
        {
            "score": 3,
            "summary": big,
            "issues": [],
            "files": [{"path": "a.py", "score": 3, "summary": big}],
        }
    )
    assert len(pack.summary) == TEXT_LIMIT and len(pack.files[0].summary) == TEXT_LIMIT
    assert isinstance(pack.files[0], PackFile)
    assert len(Verdict.model_validate({"id": 1, "keep": True, "reason": big}).reason) == TEXT_LIMIT


def test_a_fix_over_its_limit_is_dropped_and_its_issue_stays() -> None:
    long_fix = "y = 2\n" * (FIX_LIMIT // 6 + 1)
    reply = {"score": 3, "summary": "s", "issues": [_issue(fix=long_fix), _issue(fix="y = 3")]}
    parsed = parse_reply(json.dumps(reply), ReviewReply)
    assert [issue.fix for issue in parsed.issues] == [None, "y = 3"]


def test_a_quote_over_its_limit_keeps_its_first_whole_lines_and_still_grounds() -> None:
    lines = [f"value_{n:04d} = compute({n})" for n in range(1, 1001)]  # 28 characters a line
    reply = {"score": 3, "summary": "s", "issues": [_issue(quote="\n".join(lines))]}
    [issue] = parse_reply(json.dumps(reply), ReviewReply).issues
    kept = issue.quote.split("\n")
    assert len(issue.quote) <= QUOTE_LIMIT and kept == lines[: len(kept)]
    [finding], dropped = to_findings("f.py", [issue], lines, range(1, 1001))
    assert dropped == {} and (finding.line, finding.end_line) == (1, len(kept))
