"""`--format markdown`, the job summary and the pull-request summary comment: the score, a table
of findings linked to their lines, what was skipped, and what the run used."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reviewer.contract import SEVERITIES
from reviewer.i18n import _
from reviewer.render.fixdiff import fix_diff
from reviewer.render.safe import for_markdown, no_commands
from reviewer.render.text import count_of, usage_facts
from reviewer.result import Finding, Linker, ReviewResult

# GitHub refuses comment bodies over 65,536 characters; job summaries must stay under 1 MiB.
COMMENT_LIMIT = 65_536
SUMMARY_LIMIT = 1024 * 1024 - 1
ICONS = {"critical": "🛑", "high": "🔴", "medium": "🟠", "low": "🔵"}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped, nothing live."""
    return " ".join(for_markdown(text).replace("```", "").split()).replace("|", "\\|")


def where(finding: Finding, link: Linker | None) -> str:
    span = (
        f"{finding.line}"
        if finding.end_line == finding.line
        else (f"{finding.line}-{finding.end_line}")
    )
    label = f"`{cell(finding.path)}:{span}`"
    return f"[{label}]({link(finding.path, finding.line, finding.end_line)})" if link else label


def findings_table(findings: Sequence[Finding], link: Linker | None) -> list[str]:
    heads = (_("Severity"), _("Where"), _("Finding"))
    rows = ["| " + " | ".join(heads) + " |", "| --- | --- | --- |"]
    suggestion = _("Suggestion:")
    for f in findings:
        detail = f"**{cell(f.title)}** ({f.category}). {cell(f.message)}"
        if f.suggestion:
            detail += f" *{suggestion}* {cell(f.suggestion)}"
        rows.append(f"| {ICONS[f.severity]} {_(f.severity)} | {where(f, link)} | {detail} |")
    return rows


def fenced(lines: Sequence[str], info: str) -> list[str]:
    """A code block that the code cannot end early: its fence is longer than any run of
    backticks inside."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *lines, fence]


def fixes_block(findings: Sequence[Finding], link: Linker | None) -> list[str]:
    """Each fix as a diff, folded under a count."""
    fixed = [f for f in findings if f.fix is not None]
    if not fixed:
        return []
    label = count_of(len(fixed), "{count} fix", "{count} fixes")
    out = [f"<details><summary>{label}</summary>", ""]
    for f in fixed:
        out += [f"{where(f, link)} **{cell(f.title)}**", "", *fenced(fix_diff(f), "diff"), ""]
    return [*out, "</details>", ""]


def headline(result: ReviewResult) -> str:
    findings = result.findings
    counts = Counter(f.severity for f in findings)
    parts = _(", ").join(f"{counts[s]} {_(s)}" for s in SEVERITIES if counts[s])
    if result.score is None:
        score = _("nothing reviewed")
    else:
        score = _("score **{score}/10**").format(score=result.score)
    total = count_of(len(findings), "{count} finding", "{count} findings")
    files = count_of(len(result.files), " in {count} file", " in {count} files")
    total += _(" ({parts})").format(parts=parts) if parts else ""
    return _("{score}: {total}{files}.").format(score=score, total=total, files=files)


def render_markdown(
    result: ReviewResult,
    *,
    link: Linker | None = None,
    title: str = "## reviewer",
    findings: Sequence[Finding] | None = None,
) -> str:
    shown = result.findings if findings is None else list(findings)
    out = [title, "", headline(result), ""]
    if result.failed:
        # In the open, not folded: a review with holes must not pass for a whole one.
        failed = count_of(len(result.failed), "{count} file could not be reviewed:",
                          "{count} files could not be reviewed:")  # fmt: skip
        out += [f"**⚠️ {failed}**", ""]
        out += [f"- `{cell(f.path)}`: {cell(str(f))}" for f in result.failed]
        out.append("")
    if shown:
        out += [*findings_table(shown, link), ""]
        out += fixes_block(shown, link)
    if result.files:
        out += ["<details><summary>" + _("Files") + "</summary>", ""]
        out += [f"- `{cell(r.path)}`: {r.score}/10. {cell(r.summary)}" for r in result.files]
        out += ["", "</details>", ""]
    if result.skipped:
        out += ["<details><summary>" + _("Skipped") + "</summary>", ""]
        out += [f"- `{cell(s.path)}`: {cell(str(s))}" for s in result.skipped]
        out += ["", "</details>", ""]
    facts = usage_facts(result) + [
        _("warning: {text}").format(text=cell(w)) for w in result.warnings
    ]
    out.append("<sub>" + _("; ").join(facts) + _(".") + "</sub>")
    # Over the whole, for the code of the fixes too: it may be printed to a CI log.
    return no_commands("\n".join(out) + "\n")


def fit(text: str, limit: int, note: str) -> str:
    """`text` cut at a line boundary to stay within `limit` characters, saying that it was."""
    if len(text) <= limit:
        return text
    tail = f"\n\n*{note}*\n"
    cut = text[: limit - len(tail)]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + tail
