"""A finding's fix as a unified diff with the file's own line numbers, for the text output and
the Markdown summary. Pure."""

from __future__ import annotations

import difflib

from reviewer.result import Finding


def fix_diff(finding: Finding, context: int = 0) -> list[str]:
    """The hunks of `before` -> `after` (no file header): `@@ -12,2 +12,2 @@`, then `-`/`+`/` `
    lines. Empty when the finding has no fix."""
    fix = finding.fix
    if fix is None:
        return []
    lines = difflib.unified_diff(fix.before, fix.after, lineterm="", n=context)
    out = []
    offset = finding.line - 1
    for line in list(lines)[2:]:  # the ---/+++ header names no file here
        if line.startswith("@@"):
            line = _shifted(line, offset)
        out.append(line)
    return out


def _shifted(header: str, offset: int) -> str:
    """`@@ -a,b +c,d @@` with both starts moved by `offset` (difflib counts from the fix)."""
    old, new = header.split(" ")[1:3]

    def move(span: str) -> str:
        start, comma, count = span[1:].partition(",")
        return f"{span[0]}{int(start) + offset}{comma}{count}"

    return f"@@ {move(old)} {move(new)} @@"
