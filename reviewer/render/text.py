"""Linter-style text: `path:line: severity [category] title`, details indented beneath.

Only reviewer's own words start a line: names (paths, titles) are folded to one line, and the
later lines of a text (a message, a summary) are indented, so nothing the model or a file name
says can pass for a finding of its own or, in a CI log, for a workflow command."""

from __future__ import annotations

import posixpath
from collections import Counter
from pathlib import Path

from reviewer.contract import SEVERITIES
from reviewer.i18n import _, ngettext
from reviewer.model.shown import one_line
from reviewer.model.tokens import CHARS_PER_TOKEN
from reviewer.render.fixdiff import fix_diff
from reviewer.render.safe import for_terminal, no_commands
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
    "removed": "31",
    "added": "32",
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
    # splitlines: every separator a terminal or an editor may break at starts an indented line.
    return [INDENT + line if line.strip() else "" for line in text.strip().splitlines()]


def name(text: str) -> str:
    """A path or a title as shown: no escape sequences, on one line."""
    return one_line(for_terminal(text))


def continued(text: str) -> str:
    """A text that follows something on its line: its first line there, the others indented."""
    first, *rest = for_terminal(text).strip().splitlines() or [""]
    return "\n".join([first, *(INDENT + line for line in rest if line.strip())])


def _finding(finding: Finding, paint: Painter, path: str) -> list[str]:
    where = paint(f"{name(path)}:{finding.line}:", "path")
    title = name(finding.title)
    head = f"{where} {paint(finding.severity, finding.severity)} [{finding.category}] {title}"
    if not finding.grounded:
        head += paint(" " + _("(ungrounded: its quote is not in the code)"), "dim")
    lines = [head, *_indented(for_terminal(finding.message))]
    if finding.suggestion:
        lines += _indented(_("Suggestion: {text}").format(text=for_terminal(finding.suggestion)))
    if finding.fix is not None:
        lines.append(INDENT + paint(_("Fix:"), "dim"))
        for line in fix_diff(finding):
            style = {"-": "removed", "+": "added"}.get(line[:1], "dim")
            lines += [INDENT + paint(piece, style) for piece in _pieces(for_terminal(line))]
    return lines


def _pieces(line: str) -> list[str]:
    """One line of code, split where a terminal or an editor would break it (tabs kept)."""
    return line.splitlines() or [""]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def count_of(count: int, singular: str, plural: str) -> str:
    """`singular` or `plural` (gettext msgids with `{count}`) for `count`, in the run's language."""
    return ngettext(singular, plural, count).format(count=count)


def from_here(path: str, here: str | None) -> str:
    """A repository path as seen from the working folder `here` (itself relative to the root)."""
    if not here or here == ".":
        return path
    return posixpath.relpath(path, here)


def render_text(result: ReviewResult, *, color: bool = False, here: str | None = None) -> str:
    paint = Painter(color)
    out: list[str] = []
    findings = result.findings
    for finding in findings:
        out += _finding(finding, paint, from_here(finding.path, here))
        out.append("")
    for finding in result.fixed:
        where = paint(f"{name(from_here(finding.path, here))}:{finding.line}:", "path")
        title, label = name(finding.title), paint(_("fixed"), "added")
        out += [f"{where} {label} [{finding.category}] {title}", ""]
    for review in result.files:
        summary = f" {continued(review.summary)}" if review.summary.strip() else ""
        score = _("score {score}/10.").format(score=review.score)
        out.append(f"{paint(name(from_here(review.path, here)), 'path')}: {score}{summary}")
    for skipped in result.skipped:
        line = _("{path}: skipped ({why})").format(path=from_here(skipped.path, here), why=skipped)
        out.append(paint(name(line), "dim"))
    for failed in result.failed:
        shown = from_here(failed.path, here)
        line = _("{path}: not reviewed ({why})").format(path=shown, why=failed)
        out.append(paint(name(line), "error"))
    if result.files or result.skipped or result.failed:
        out.append("")
    out.append(_total(result))

    facts = usage_facts(result)
    out.append(paint(_("; ").join(facts) + _("."), "dim"))
    # Last, over the whole: `##[` in a title or a line of code is a command anywhere in a line.
    return no_commands("\n".join(out) + "\n")


def _total(result: ReviewResult) -> str:
    """The closing line: how many findings, how severe, in how many files, the score."""
    findings = result.findings
    if not result.files:
        total = _("Nothing to review")
    else:
        counts = Counter(finding.severity for finding in findings)
        parts = _(", ").join(f"{counts[name]} {_(name)}" for name in SEVERITIES if counts[name])
        total = (
            count_of(len(findings), "{count} finding", "{count} findings")
            if findings
            else _("No findings")
        )
        total += _(" ({parts})").format(parts=parts) if parts else ""
        total += count_of(len(result.files), " in {count} file", " in {count} files")
        if result.score is not None:
            total += _("; score {score}/10").format(score=result.score)
    if result.fixed:
        total += count_of(len(result.fixed), "; {count} fixed", "; {count} fixed")
    if result.skipped:
        total += " " + _("({count} skipped)").format(count=len(result.skipped))
    if result.failed:
        total += count_of(len(result.failed), "; {count} file not reviewed",
                          "; {count} files not reviewed")  # fmt: skip
    return total + _(".")


def usage_facts(result: ReviewResult) -> list[str]:
    """What the run used and covered, as short phrases (the text and Markdown summaries)."""
    usage = result.usage
    facts = [count_of(usage.requests, "{count} request", "{count} requests")]
    if usage.cached:
        facts.append(_("{count} from the cache").format(count=usage.cached))
    facts.append(
        _("{prompt} prompt + {completion} completion tokens").format(
            prompt=f"{usage.prompt_tokens:,}", completion=f"{usage.completion_tokens:,}"
        )
    )
    if usage.cached_prompt_tokens:
        facts.append(
            _("{count} prompt tokens cached by the provider").format(
                count=f"{usage.cached_prompt_tokens:,}"
            )
        )
    if usage.cost is not None:
        facts.append(_("about ${cost}").format(cost=f"{usage.cost:.4f}"))
    elif usage.unpriced:
        facts.append(unpriced(usage.unpriced))
    if usage.seconds:
        facts.append(f"{usage.seconds:.1f} s")
    if result.redactions:
        facts.append(count_of(result.redactions, "{count} secret redacted before sending",
                              "{count} secrets redacted before sending"))  # fmt: skip
    reviewed, total = result.coverage
    if total and reviewed < total:
        facts.append(
            _("covered {reviewed} of {total} lines ({percent}%)").format(
                reviewed=f"{reviewed:,}", total=f"{total:,}", percent=100 * reviewed // total
            )
        )
    facts += [
        _("{count} dropped ({reason})").format(count=number, reason=reason)
        for reason, number in sorted(result.dropped.items())
    ]
    facts += [
        _("{count} fix withheld ({reason})").format(count=number, reason=reason)
        for reason, number in sorted(result.fixes_dropped.items())
    ]
    return facts


def unpriced(model: str) -> str:
    """Why no cost is shown: the model is not in the price table (perhaps misspelt)."""
    from reviewer.model.pricing import closest_model

    close = closest_model(model)
    fact = _("cost unknown: {model} is not in the price table").format(model=model)
    return fact + (_(" (did you mean {name}?)").format(name=close) if close else "")


def render_plan_text(plan: Plan) -> str:
    """The messages as they would be sent (the repository's code too), shown safely: no escape
    sequences, no workflow commands, each file named on one line."""
    out: list[str] = []
    for unit in plan.units:
        out.append(f"=== {name(unit.path)}: about {unit.tokens:,} prompt tokens ===")
        out += [f"rules by path: {name(applied)}" for applied in unit.rules]
        for message in unit.messages:
            out += [f"--- {message['role']} ---", for_terminal(message["content"]), ""]
    for skipped in plan.skipped:
        out.append(name(f"{skipped.path}: skipped ({skipped})"))
    tokens = sum(unit.tokens for unit in plan.units)
    out.append(
        f"Dry run: {_plural(len(plan.units), 'request')}, about {tokens:,} prompt tokens "
        f"(estimated at {CHARS_PER_TOKEN:g} characters a token); nothing was sent."
    )
    if plan.units:
        cost = f"about ${plan.cost:.4f}" if plan.cost is not None else "cost unknown"
        line = (f"Estimate: {cost} for {_plural(plan.requests, 'request')} (with about "
                f"{plan.completion_tokens:,} completion tokens) at list price")  # fmt: skip
        if plan.max_cost is not None:
            over = plan.cost is None or plan.cost > plan.max_cost
            line += f"; {'over' if over else 'within'} --max-cost ${plan.max_cost:g}"
        out.append(line + ".")
    return no_commands("\n".join(out) + "\n")


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
