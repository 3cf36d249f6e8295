"""Private-key blocks, replaced from BEGIN to END, whether the key spans lines, sits in one
string with `\\n` escapes, or is cut short. A BEGIN line with no key after it (a constant that
names the header, a parser's check) is left as it is, and so is everything after it. Pure.
"""

from __future__ import annotations

import re
from collections import Counter

BEGIN = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
END = re.compile(r"-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
BOUND = 200  # the most lines one key spans (a 16,384-bit RSA key is about 170)
KIND = "private-key"

# A line of the key's base64, maybe quoted, escaped and joined (`"MIIE...\n" +`).
_BODY = re.compile(r"""^\s*["'`]?(?P<b64>[A-Za-z0-9+/=]{4,})(?:\\[nr])*["'`]?\s*[,;+\\)]*\s*$""")
_ARMOR_HEADER = re.compile(r"""^\s*["'`]?(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset):""")
_INLINE_BODY = re.compile(r"[A-Za-z0-9+/]{16,}")
# Between BEGIN and END, anything written as text (a key, or a test's "not a real key") is the
# key; a line of code is not, and shows the markers are two constants.
_TEXT = re.compile(
    r"""^\s*["'`]?(?P<text>[A-Za-z0-9+/=\t .,:!?_-]*?)(?:\\[nr])*["'`]?\s*[,;+\\)]*\s*$"""
)
_CODE = re.compile(
    r"^\s*(?:return|pass|import|from|def|class|if|elif|else|for|while|try|except|finally|with|"
    r"raise|yield|break|continue|const|let|var|func|fn|pub|public|private|static|end|fi|done|"
    r"then|do|case|switch|default|throw|catch|package|namespace|using|include|echo|print)\b"
)


def _placeholder() -> str:
    return f"<redacted:{KIND}>"


def _inline(line: str, begin: re.Match[str]) -> tuple[str, bool]:
    """The BEGIN line with the key that follows it on the same line cut out; whether the key
    may go on past the line (a string literal not closed here)."""
    end = END.search(line, begin.end())
    if end is not None:
        return line[: begin.end()] + _placeholder() + line[end.start() :], False
    quote = next((c for c in reversed(line[: begin.start()]) if c in "\"'`"), "")
    close = re.compile(rf"(?<!\\){re.escape(quote)}").search(line, begin.end()) if quote else None
    stop = close.start() if close is not None else len(line)
    return line[: begin.end()] + _placeholder() + line[stop:], True


def _end_after(lines: list[str], at: int) -> int | None:
    """The END line of the key begun on line `at`, if the lines between hold only its text."""
    for index in range(at + 1, min(len(lines), at + 1 + BOUND)):
        if END.search(lines[index]):
            between = lines[at + 1 : index]
            return index if any(line.strip() for line in between) else None
        if not _TEXT.match(lines[index]) or _CODE.match(lines[index]):
            return None
    return None


def redact_block(lines: list[str], at: int, found: Counter[str]) -> int:
    """Redact the key whose BEGIN is on line `at` (in place); the last line it took."""
    begin = BEGIN.search(lines[at])
    assert begin is not None
    rest = lines[at][begin.end() :]
    redacted = False
    end_here = END.search(rest)
    inline = rest[: end_here.start()] if end_here is not None else ""
    if end_here is not None and (not _INLINE_BODY.search(inline) or "..." in inline):
        return at  # `BEGIN...\nmy-private-key\nEND...`: a template, no key in it
    if end_here or _INLINE_BODY.search(rest):
        lines[at], open_ = _inline(lines[at], begin)
        redacted = True
        if not open_:
            found[KIND] += 1
            return at
    end = _end_after(lines, at)
    if end is not None:
        for index in range(at + 1, end):
            text = _TEXT.match(lines[index])
            assert text is not None
            if text["text"].strip():
                start, stop = text.span("text")
                lines[index] = lines[index][:start] + _placeholder() + lines[index][stop:]
        found[KIND] += 1
        return end
    last, previous = at, 0  # a short line of base64 only after a full one (the last line)
    for index in range(at + 1, min(len(lines), at + 1 + BOUND)):
        line = lines[index]
        if END.search(line):
            last = index
            break
        body = _BODY.match(line)
        if body is not None and len(body["b64"]) >= (4 if previous >= 40 else 16):
            lines[index] = line[: body.start("b64")] + _placeholder() + line[body.end("b64") :]
            previous, last, redacted = len(body["b64"]), index, True
        elif (_ARMOR_HEADER.match(line) or not line.strip()) and not redacted:
            continue  # PGP armour: headers and a blank line before the body
        else:
            break
    if not redacted:
        return at  # a lone header: nothing of a key follows it
    found[KIND] += 1
    return last
