"""What is posted where, decided once for every platform, before any request is made. Pure.

A finding goes inline only where the platform's diff shows its lines (a range only when both
ends are in one hunk), carrying its fingerprint so that a later run does not post it again; a
finding that cannot be placed, or that the platform refuses, is listed in the summary, which is
one per pull or merge request, found again by its marker and edited in place. The adapters
(platforms/github, platforms/gitlab) only translate this plan into their requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reviewer.i18n import _
from reviewer.platforms.followup import FollowUp, state_marker
from reviewer.render.markdown import cell, fenced, fit, render_markdown
from reviewer.render.safe import for_markdown
from reviewer.render.text import count_of
from reviewer.result import Finding, Linker, ReviewResult, fingerprint

SUMMARY_MARKER = "<!-- reviewer:summary -->"
_FINGERPRINT = re.compile(r"<!-- reviewer:fp=([0-9a-f]{8,64}) -->")

# path -> the new-side line ranges of the diff's hunks as the platform shows them
Ranges = Mapping[str, Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Venue:
    """What the plan needs to know of a platform: its name, its longest comment, and where
    the whole report is when the summary must be cut."""

    name: str
    comment_limit: int
    elsewhere: str
    # The info string of a committable suggestion's code block; {above} is the number of lines
    # the suggestion replaces above the commented one. Empty: the platform has none.
    suggestion: str = ""


def posted_fingerprints(bodies: Iterable[str]) -> set[str]:
    return {match for body in bodies for match in _FINGERPRINT.findall(body or "")}


def place(finding: Finding, ranges: Sequence[tuple[int, int]]) -> tuple[int, int | None] | None:
    """(line, start_line) for an inline comment, or None when no line of it is on the diff."""

    def hunk(line: int) -> tuple[int, int] | None:
        return next((r for r in ranges if r[0] <= line <= r[1]), None)

    first, last = hunk(finding.line), hunk(finding.end_line)
    if first is not None and first == last and finding.end_line != finding.line:
        return finding.end_line, finding.line
    if first is not None:
        return finding.line, None
    if last is not None:
        return finding.end_line, None
    return None


def suggestion(item: Inline, venue: Venue) -> str:
    """The finding's fix as a block the platform applies with one click, when the comment spans
    exactly the lines the fix replaces ('' otherwise)."""
    finding = item.finding
    start = item.start_line if item.start_line is not None else item.line
    spans_its_lines = (start, item.line) == (finding.line, finding.end_line)
    if finding.fix is None or not venue.suggestion or not spans_its_lines:
        return ""
    info = venue.suggestion.format(above=item.line - start)
    return "\n\n" + "\n".join(fenced(finding.fix.after, info))


def inline_body(item: Inline, venue: Venue) -> str:
    finding = item.finding
    text = f"**{_(finding.severity)}** [{finding.category}] **{cell(finding.title)}**\n\n"
    text += for_markdown(finding.message.strip())
    if finding.suggestion:
        label = _("Suggestion:")
        text += f"\n\n**{label}** {for_markdown(finding.suggestion.strip())}"
    marker = f"\n\n<!-- reviewer:fp={fingerprint(finding)} -->"
    block = suggestion(item, venue)
    if len(text) + len(block) + len(marker) <= venue.comment_limit:
        text += block  # never cut: half a suggestion would apply half a fix
    note = _("Cut to fit {platform}'s comment limit.").format(platform=venue.name)
    return fit(text, venue.comment_limit - len(marker), note) + marker


@dataclass(frozen=True)
class Inline:
    """A finding placed on the diff: on `line` (the last of a range), from `start_line`."""

    finding: Finding
    line: int
    start_line: int | None = None


@dataclass
class PostPlan:
    inline: list[Inline] = field(default_factory=list)
    unplaced: list[Finding] = field(default_factory=list)  # listed in the summary only
    repeated: int = 0  # findings already posted by an earlier run
    resolved: int = 0  # threads of fixed findings resolved by this run

    def refused(self, refused: Iterable[Inline]) -> PostPlan:
        """The plan once the platform has refused some inline comments: those go to the summary."""
        gone = list(refused)
        kept = [item for item in self.inline if item not in gone]
        moved = [item.finding for item in gone]
        return PostPlan(kept, moved + self.unplaced, self.repeated, self.resolved)


def plan_post(result: ReviewResult, posted: set[str], ranges: Ranges) -> PostPlan:
    plan = PostPlan()
    for finding in result.findings:
        if fingerprint(finding) in posted:
            plan.repeated += 1
            continue
        spot = place(finding, ranges.get(finding.path, ()))
        if spot is None:
            plan.unplaced.append(finding)
        else:
            plan.inline.append(Inline(finding, *spot))
    return plan


def scope_line(follow: FollowUp) -> str:
    """Which commits this review covered, and why those."""
    head, since = f"`{follow.head[:12]}`", f"`{(follow.since or '')[:12]}`"
    lines = {
        "whole": _("Reviewed the whole change, up to {head}."),
        "full": _("Reviewed the whole change, up to {head}, as asked (--full)."),
        "since": _("Reviewed the commits since the last review: {since}..{head}. Findings from "
                   "earlier reviews that still stand are listed with the new ones."),
        "nothing new": _("No new commits since the last review of {head}: nothing was sent, "
                         "and the findings of earlier reviews still stand."),
        "rewritten": _("Reviewed the whole change, up to {head}: the last reviewed commit "
                       "{since} is no longer in its history (a force push or a rebase)."),
    }  # fmt: skip
    return lines[follow.scope].format(head=head, since=since)


def resolved_reply(follow: FollowUp) -> str:
    """The reply on a thread reviewer resolves."""
    text = _(
        "Resolved: at {head} the code this finding quoted was changed or removed, or the "
        "lines were reviewed again without it."
    )
    return text.format(head=f"`{follow.head[:12]}`") + "\n\n<!-- reviewer:resolved -->"


def summary_body(
    result: ReviewResult,
    plan: PostPlan,
    link: Linker | None,
    venue: Venue,
    follow: FollowUp | None = None,
) -> str:
    text = render_markdown(result, link=link, title=f"{SUMMARY_MARKER}\n## reviewer")
    notes = [scope_line(follow)] if follow is not None else []
    if plan.unplaced:
        notes.append(
            count_of(
                len(plan.unplaced),
                "{count} finding is not on the diff's lines, so only listed here.",
                "{count} findings are not on the diff's lines, so only listed here.",
            )
        )
    if plan.repeated:
        notes.append(
            _("{count} already commented on by an earlier run.").format(count=plan.repeated)
        )
    if plan.resolved:
        notes.append(
            count_of(
                plan.resolved,
                "{count} thread of a fixed finding resolved.",
                "{count} threads of fixed findings resolved.",
            )
        )
    if notes:
        text += "\n" + " ".join(notes) + "\n"
    note = _("Cut to fit {platform}'s comment limit: see {elsewhere}.").format(
        platform=venue.name, elsewhere=_(venue.elsewhere)
    )
    # What the next run reads back, kept whole whatever is cut of what people read.
    state = "\n" + state_marker(follow.head, result) + "\n" if follow is not None else ""
    return fit(text, venue.comment_limit - len(state), note) + state
