"""A fix as the platform's committable suggestion (platforms/plan.py): only when the comment spans
exactly the lines the fix replaces, in a fence the code cannot close."""

from __future__ import annotations

from reviewer.platforms.github.plan import GITHUB
from reviewer.platforms.gitlab.post import GITLAB
from reviewer.platforms.plan import Inline, inline_body, suggestion
from reviewer.result import Finding, Fix

BEFORE = ("    a = 1", "    b = 2", "    c = a + b")
RANGE = Finding("m.py", 4, 6, "high", "bug", "Sum", "m", quote="\n".join(BEFORE),
                fix=Fix(BEFORE, ("    c = 3",)))  # fmt: skip


def test_a_range_placed_whole_gets_a_suggestion_of_its_lines() -> None:
    placed = Inline(RANGE, 6, 4)  # on line 6, from line 4: as both platforms place a range
    assert suggestion(placed, GITHUB) == "\n\n```suggestion\n    c = 3\n```"
    assert suggestion(placed, GITLAB) == "\n\n```suggestion:-2+0\n    c = 3\n```"
    assert "```suggestion:-2+0\n    c = 3\n```\n\n<!-- reviewer:fp=" in inline_body(placed, GITLAB)


def test_a_range_placed_in_part_or_a_finding_without_a_fix_gets_none() -> None:
    assert suggestion(Inline(RANGE, 6), GITHUB) == ""  # only its last line is on the diff
    assert suggestion(Inline(RANGE, 4), GITLAB) == ""
    plain = Finding("m.py", 4, 4, "high", "bug", "Sum", "m")
    assert suggestion(Inline(plain, 4), GITHUB) == ""


def test_code_with_backticks_gets_a_longer_fence() -> None:
    ticks = Finding("m.md", 2, 2, "low", "docs", "Fence", "m", quote="x",
                    fix=Fix(("x",), ("```python", "y", "```")))  # fmt: skip
    assert suggestion(Inline(ticks, 2), GITHUB) == "\n\n````suggestion\n```python\ny\n```\n````"
