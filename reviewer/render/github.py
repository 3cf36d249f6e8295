"""`--format github`: workflow commands that GitHub shows as annotations on the changed lines.

Escaped exactly as the Actions toolkit's `issueCommand` escapes them (@actions/core, command.ts):
data: % CR LF; properties: those and : and ,. GitHub shows at most 10 annotations of each level
per step, so the rest are counted here and listed in the job summary.
"""

from __future__ import annotations

from collections import Counter

from reviewer.i18n import _
from reviewer.render.safe import for_terminal
from reviewer.render.text import count_of
from reviewer.result import Finding, ReviewResult

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}
SHOWN_PER_LEVEL = 10


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return for_terminal(escaped)  # the log shows it too: no escape sequences


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def annotation(finding: Finding) -> str:
    message = finding.message
    if finding.suggestion:
        message += f"\n\nSuggestion: {finding.suggestion}"
    properties = {
        "title": f"{finding.severity} [{finding.category}] {finding.title}",
        "file": finding.path,
        "line": str(finding.line),
        "endLine": str(finding.end_line),
    }
    return command(LEVELS[finding.severity], properties, message)


def render_github(result: ReviewResult) -> str:
    shown: Counter[str] = Counter()
    lines: list[str] = []
    hidden = 0
    for finding in result.findings:
        level = LEVELS[finding.severity]
        if shown[level] >= SHOWN_PER_LEVEL:
            hidden += 1
            continue
        shown[level] += 1
        lines.append(annotation(finding))
    for item in result.failed:
        title = "reviewer could not review this file"
        lines.append(command("error", {"title": title, "file": item.path}, str(item)))
    total = count_of(len(result.findings), "{count} finding", "{count} findings")
    score = _("; score {score}/10").format(score=result.score) if result.score is not None else ""
    failed = _("; {count} not reviewed").format(count=len(result.failed)) if result.failed else ""
    lines.append(f"reviewer: {total}{score}{failed}" + _("."))
    if hidden:
        lines.append(
            count_of(
                hidden,
                "{count} more finding than GitHub shows as annotations (10 of each level per "
                "step): see the job summary.",
                "{count} more findings than GitHub shows as annotations (10 of each level per "
                "step): see the job summary.",
            )
        )
    return "\n".join(lines) + "\n"
