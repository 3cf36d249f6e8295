"""The prompt's example copied back. Weak models return the example finding of the reply's shape
as if it were about the code (the same title, the same quote, "One paragraph on the code."); its
quote may even be close enough to real code to be placed there. Such an issue is dropped before
it is placed, and counted (`parroted`), never fuzzy-matched.

The examples are read from the prompt actually sent (so an overridden template's own example is
known too), plus the contract's example, which older templates and other tools' prompts carry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.contract import Dropped
from reviewer.model.schema import ReplyIssue

# The example in CONTRACT.md's reply shape.
CONTRACT_EXAMPLE: dict[str, Any] = {
    "summary": "One paragraph on the change.",
    "issues": [
        {
            "title": "Off-by-one in loop bound",
            "message": "Why it is wrong and what breaks.",
            "suggestion": "How to fix it.",
            "quote": "for i in range(len(xs) + 1):",
        }
    ],
}
_ISSUE_TEXTS = ("title", "message", "quote")


def _norm(text: object) -> str:
    return " ".join(str(text).lower().split()).strip(" .<>")


# `"title": "..."` and the like, in the reply's shape as the prompt shows it (valid JSON or not:
# a shape may show placeholders such as <1 to 10> where a number goes).
_FIELD = re.compile(r'"(title|message|quote|summary)"\s*:\s*("(?:[^"\\\n]|\\.)*")')


@dataclass(frozen=True)
class Examples:
    """The example texts a reply must not copy, by field."""

    texts: frozenset[tuple[str, str]]  # (field, normalised text): title, message, quote
    summaries: frozenset[str]

    def copied(self, issue: ReplyIssue, code: str) -> bool:
        """The example's title or message; or its quote, unless the code really has those
        lines (a finding about them, under its own title, is a finding)."""
        if any((name, _norm(getattr(issue, name))) in self.texts for name in ("title", "message")):
            return True
        quoted = ("quote", _norm(issue.quote)) in self.texts
        return quoted and not (issue.quote.strip() and issue.quote.strip() in code)

    def summary(self, text: str) -> str:
        """The summary, or "" when it is the example's."""
        return "" if _norm(text) in self.summaries else text


def examples_in(prompt: str) -> Examples:
    """The examples shown in `prompt` (the texts of the reply's shape), and the contract's."""
    found: list[tuple[str, object]] = [("summary", CONTRACT_EXAMPLE["summary"])]
    found += [(key, value) for issue in CONTRACT_EXAMPLE["issues"] for key, value in issue.items()]
    for key, literal in _FIELD.findall(prompt):
        try:
            found.append((key, json.loads(literal)))
        except ValueError:
            continue
    texts = {(key, _norm(value)) for key, value in found if key in _ISSUE_TEXTS}
    summaries = {_norm(value) for key, value in found if key == "summary"}
    return Examples(frozenset(item for item in texts if item[1]), frozenset(summaries - {""}))


def without_examples(
    issues: Sequence[ReplyIssue], examples: Examples, lines: Sequence[str]
) -> tuple[list[ReplyIssue], Dropped]:
    """The issues that are not the example's, and how many were. `lines`: the reviewed file."""
    code = "\n".join(lines)
    kept = [issue for issue in issues if not examples.copied(issue, code)]
    dropped = len(issues) - len(kept)
    return kept, ({"parroted": dropped} if dropped else {})
