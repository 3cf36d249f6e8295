"""What a chat message says about a review, before any platform's shape: a title, the headline
(score and counts), where (branch, pull or merge request, CI run, with links), the findings most
severe first, and the cost. Pure; in the run's language (reviewer.i18n)."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.contract import SEVERITY_RANK
from reviewer.i18n import _
from reviewer.platforms.detect import Where
from reviewer.render.markdown import headline
from reviewer.result import Linker, ReviewResult


@dataclass(frozen=True)
class Item:
    """One finding as a message lists it: `path:line`, its severity in words, its title."""

    where: str
    severity: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Digest:
    title: str
    headline: str  # plain text: no Markdown
    where: Where
    items: tuple[Item, ...] = ()
    cost: str | None = None
    gate_failed: bool = False  # the run exits non-zero: the author is mentioned


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def digest(result: ReviewResult, where: Where, link: Linker | None, *, gate_failed: bool) -> Digest:
    title = "reviewer"
    if where.repository:
        title += f" · {where.repository}"
    if where.change:
        title += f" {where.change}"
    ordered = sorted(result.findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.path, f.line))
    items = tuple(
        Item(
            f"{f.path}:{f.line}",
            _(f.severity),
            _one_line(f.title),
            link(f.path, f.line, f.end_line) if link is not None else None,
        )
        for f in ordered
    )
    cost = result.usage.cost
    return Digest(
        title=title,
        headline=headline(result).replace("**", ""),
        where=where,
        items=items,
        cost=_("about ${cost}").format(cost=f"{cost:.4f}") if cost is not None else None,
        gate_failed=gate_failed,
    )
