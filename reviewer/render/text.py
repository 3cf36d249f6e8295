"""Linter-style text: `path:line: severity [category] title`, details indented beneath."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reviewer.contract import SEVERITIES
from reviewer.model.tokens import CHARS_PER_TOKEN
from reviewer.render.safe import for_terminal
from reviewer.result import Finding, Plan, ReviewResult

_STYLES = {
    "critical": "1;31",
    "high": "31",
    "medium": "33",
    "low": "36",
    "path": "1",
    "dim": "2",
    "error": "1;31",
    "warning": "1;33",
}
INDENT = "    "


class Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def _indented(text: str) -> list[str]:
    return [INDENT + line if line.strip() else "" for line in text.strip().splitlines()]


def _finding(finding: Finding, paint: Painter) -> list[str]:
    where = paint(f"{for_terminal(finding.path)}:{finding.line}:", "path")
    title = for_terminal(finding.title)
    head = f"{where} {paint(finding.severity, finding.severity)} [{finding.category}] {title}"
    if not finding.grounded:
        head += paint(" (ungrounded: its quote is not in the code)", "dim")
    lines = [head, *_indented(for_terminal(finding.message))]
    if finding.suggestion:
        lines += _indented(f"Suggestion: {for_terminal(finding.suggestion)}")
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def render_text(result: ReviewResult, *, color: bool = False) -> str:
    paint = Painter(color)
    out: list[str] = []
    findings = result.findings
    for finding in findings:
        out += _finding(finding, paint)
        out.append("")
    for review in result.files:
        summary = f" {for_terminal(review.summary)}" if review.summary else ""
        out.append(f"{paint(for_terminal(review.path), 'path')}: score {review.score}/10.{summary}")
    for skipped in result.skipped:
        out.append(paint(for_terminal(f"{skipped.path}: skipped ({skipped})"), "dim"))
    for failed in result.failed:
        out.append(paint(for_terminal(f"{failed.path}: not reviewed ({failed})"), "error"))
    if result.files or result.skipped or result.failed:
        out.append("")

    counts = Counter(finding.severity for finding in findings)
    by_severity = ", ".join(f"{counts[name]} {name}" for name in SEVERITIES if counts[name])
    total = _plural(len(findings), "finding") if findings else "No findings"
    if by_severity:
        total += f" ({by_severity})"
    total += f" in {_plural(len(result.files), 'file')}"
    if result.score is not None:
        total += f"; score {result.score}/10"
    if not result.files:
        total = "Nothing to review"
    if result.skipped:
        total += f" ({len(result.skipped)} skipped)"
    if result.failed:
        total += f"; {_plural(len(result.failed), 'file')} not reviewed"
    out.append(total + ".")

    facts = usage_facts(result)
    out.append(paint("; ".join(facts) + ".", "dim"))
    return "\n".join(out) + "\n"


def usage_facts(result: ReviewResult) -> list[str]:
    """What the run used and covered, as short phrases (the text and Markdown summaries)."""
    usage = result.usage
    facts = [_plural(usage.requests, "request")]
    if usage.cached:
        facts.append(f"{usage.cached} from the cache")
    facts.append(f"{usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion tokens")
    if usage.cost is not None:
        facts.append(f"about ${usage.cost:.4f}")
    if usage.seconds:
        facts.append(f"{usage.seconds:.1f} s")
    if result.redactions:
        facts.append(f"{_plural(result.redactions, 'secret')} redacted before sending")
    reviewed, total = result.coverage
    if total and reviewed < total:
        facts.append(f"covered {reviewed:,} of {total:,} lines ({100 * reviewed // total}%)")
    facts += [f"{number} dropped ({reason})" for reason, number in sorted(result.dropped.items())]
    return facts


def render_plan_text(plan: Plan) -> str:
    out: list[str] = []
    for unit in plan.units:
        out.append(f"=== {unit.path}: about {unit.tokens:,} prompt tokens ===")
        for message in unit.messages:
            out += [f"--- {message['role']} ---", message["content"], ""]
    for skipped in plan.skipped:
        out.append(f"{skipped.path}: skipped ({skipped})")
    tokens = sum(unit.tokens for unit in plan.units)
    out.append(
        f"Dry run: {_plural(len(plan.units), 'request')}, about {tokens:,} prompt tokens "
        f"(estimated at {CHARS_PER_TOKEN:g} characters a token); nothing was sent."
    )
    return "\n".join(out) + "\n"


def failure_line(result: ReviewResult, output: Path | None) -> str:
    """The one line on stderr for the files that failed: how many, why, and where all of them
    are listed. A run of one file that failed says just why."""
    first = result.failed[0]
    if len(result.failed) == 1 and not result.files:
        return first.detail
    reasons = Counter(item.reason for item in result.failed)
    why = ", ".join(f"{number} {reason}" for reason, number in reasons.most_common())
    reviewed = {review.path for review in result.files} - {item.path for item in result.failed}
    total = len(result.failed) + len(reviewed)
    where = f"all are listed in {output}" if output is not None else "all are listed in the report"
    return (
        f"{len(result.failed)} of {total} files could not be reviewed ({why}); {where}; "
        f"{first.path}: {first.why}"
    )
