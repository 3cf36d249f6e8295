"""The review pipeline: a selection (files, or a change) in, a ReviewResult out. It never prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer.anchoring import to_findings
from reviewer.changes import units_from_changes
from reviewer.config import Settings
from reviewer.errors import ProviderError, UsageError
from reviewer.exchange import Chat, ask
from reviewer.excludes import excludes_for
from reviewer.prompts import Prompts
from reviewer.result import FileReview, Finding, Plan, PlannedUnit, ReviewResult, Skipped, Usage
from reviewer.schema import ReviewReply, VerdictReply
from reviewer.selfcheck import apply_verdicts
from reviewer.sources import load_sources
from reviewer.stream import Progress
from reviewer.tokens import estimate_tokens
from reviewer.units import Unit

SELF_CHECK = "self-check"
OUTSIDE_CHANGE = "outside the change"
# Live progress of one request: (what is reviewed, chunks received, seconds elapsed).
UnitProgress = Callable[[str, int, float], None]


@dataclass(frozen=True)
class Selection:
    """What the user asked to review: files whole, or the staged change, or a diff (of `files`
    only, when any are given)."""

    files: tuple[Path, ...] = ()
    staged: bool = False
    diff: str | None = None


def collect(
    settings: Settings, selection: Selection, cwd: Path
) -> tuple[list[Unit], list[Skipped]]:
    excludes = excludes_for(settings.exclude, defaults=settings.default_excludes)
    if not selection.staged and selection.diff is None:
        if not selection.files:
            raise UsageError(
                "nothing to review: name files (reviewer FILE...), or use --staged or --diff REV"
            )
        return load_sources(selection.files, cwd, excludes)
    from reviewer.gitrepo import Repository

    with Repository(cwd) as repo:
        comparison = repo.comparison(staged=selection.staged, diff=selection.diff)
        changes = repo.changes(comparison, repo.pathspecs(selection.files, cwd))
        return units_from_changes(changes, repo.new_content, excludes, settings.context_lines)


def plan(settings: Settings, selection: Selection, cwd: Path) -> Plan:
    units, skipped = collect(settings, selection, cwd)
    prompts = Prompts(settings.prompts_dir, nitpicks=settings.nitpicks)
    planned = []
    for unit in units:
        messages = prompts.review(unit)
        planned.append(PlannedUnit(unit.path, messages, estimate_tokens(messages)))
    return Plan(tuple(planned), tuple(skipped))


def in_change(unit: Unit, findings: list[Finding], mode: str) -> tuple[list[Finding], int]:
    """The findings the filter mode reports, and how many it left out."""
    if unit.change is None:
        return findings, 0
    kept = [f for f in findings if unit.change.keeps(mode, f.line, f.end_line)]
    return kept, len(findings) - len(kept)


def _default_chat(settings: Settings) -> Chat:
    from reviewer.lessons import Lessons, default_cache_dir
    from reviewer.llm import ChatClient

    return ChatClient(settings, Lessons(settings.cache_dir or default_cache_dir()))


@dataclass
class _Run:
    settings: Settings
    prompts: Prompts
    chat: Chat
    usage: Usage
    warnings: list[str]
    dropped: dict[str, int]
    progress: UnitProgress | None = None

    def _progress(self, subject: str) -> Progress | None:
        report = self.progress
        if report is None:
            return None
        return lambda received, elapsed: report(subject, received, elapsed)

    def count(self, dropped: dict[str, int]) -> None:
        for reason, number in dropped.items():
            self.dropped[reason] = self.dropped.get(reason, 0) + number

    def review_unit(self, unit: Unit) -> FileReview:
        reply = ask(
            self.chat,
            self.prompts,
            self.prompts.review(unit),
            ReviewReply,
            name="code_review",
            subject=unit.path,
            max_tokens=self.settings.max_tokens,
            usage=self.usage,
            progress=self._progress(unit.path),
        )
        findings, dropped = to_findings(unit.path, reply.issues, len(unit.lines))
        self.count(dropped)
        # Filtered before the self-check: no request is spent verifying what will not be shown.
        findings, outside = in_change(unit, findings, self.settings.filter_mode)
        self.count({OUTSIDE_CHANGE: outside} if outside else {})
        if self.settings.self_check and findings:
            try:
                verdicts = ask(
                    self.chat,
                    self.prompts,
                    self.prompts.self_check(unit, findings),
                    VerdictReply,
                    name="self_check",
                    subject=f"{unit.path} (self-check)",
                    max_tokens=self.settings.max_tokens,
                    usage=self.usage,
                    progress=self._progress(f"{unit.path} (self-check)"),
                )
            except ProviderError as exc:
                # A verifier failure must never empty a review: keep everything, loudly.
                self.warnings.append(
                    f"self-check failed, keeping all {len(findings)} findings: {exc.message}"
                )
            else:
                findings, removed = apply_verdicts(findings, verdicts)
                self.count({SELF_CHECK: removed} if removed else {})
        ranges = unit.change.hunk_ranges if unit.change is not None else ()
        return FileReview(unit.path, reply.score, reply.summary.strip(), tuple(findings), ranges)


def review(
    settings: Settings,
    selection: Selection,
    cwd: Path,
    *,
    chat_factory: Callable[[Settings], Chat] = _default_chat,
    progress: UnitProgress | None = None,
) -> ReviewResult:
    units, skipped = collect(settings, selection, cwd)
    prompts = Prompts(settings.prompts_dir, nitpicks=settings.nitpicks)
    if not units:
        return ReviewResult(skipped=tuple(skipped))
    run = _Run(settings, prompts, chat_factory(settings), Usage(), [], {}, progress)
    files = [run.review_unit(unit) for unit in units]
    return ReviewResult(
        files=tuple(files),
        skipped=tuple(skipped),
        usage=run.usage,
        warnings=tuple(run.warnings),
        dropped=run.dropped,
    )
