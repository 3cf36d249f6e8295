"""The review pipeline: sources in, a ReviewResult out. It never prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.anchoring import to_findings
from reviewer.config import Settings
from reviewer.errors import ProviderError
from reviewer.exchange import Chat, ask
from reviewer.prompts import Prompts
from reviewer.result import FileReview, Plan, PlannedUnit, ReviewResult, Usage
from reviewer.schema import ReviewReply, VerdictReply
from reviewer.selfcheck import apply_verdicts
from reviewer.sources import Source, load_sources
from reviewer.tokens import estimate_tokens

SELF_CHECK = "self-check"


def plan(settings: Settings, paths: Sequence[Path], cwd: Path) -> Plan:
    sources, skipped = load_sources(paths, cwd)
    prompts = Prompts(settings.prompts_dir, nitpicks=settings.nitpicks)
    units = []
    for source in sources:
        messages = prompts.review(source.path, source.lines)
        units.append(PlannedUnit(source.path, messages, estimate_tokens(messages)))
    return Plan(tuple(units), tuple(skipped))


def _default_chat(settings: Settings) -> Chat:
    from reviewer.llm import ChatClient

    return ChatClient(settings)


@dataclass
class _Run:
    settings: Settings
    prompts: Prompts
    chat: Chat
    usage: Usage
    warnings: list[str]
    dropped: dict[str, int]

    def count(self, dropped: dict[str, int]) -> None:
        for reason, number in dropped.items():
            self.dropped[reason] = self.dropped.get(reason, 0) + number

    def review_source(self, source: Source) -> FileReview:
        lines = source.lines
        reply = ask(
            self.chat,
            self.prompts,
            self.prompts.review(source.path, lines),
            ReviewReply,
            name="code_review",
            subject=source.path,
            max_tokens=self.settings.max_tokens,
            usage=self.usage,
        )
        findings, dropped = to_findings(source.path, reply.issues, len(lines))
        self.count(dropped)
        if self.settings.self_check and findings:
            try:
                verdicts = ask(
                    self.chat,
                    self.prompts,
                    self.prompts.self_check(source.path, lines, findings),
                    VerdictReply,
                    name="self_check",
                    subject=f"{source.path} (self-check)",
                    max_tokens=self.settings.max_tokens,
                    usage=self.usage,
                )
            except ProviderError as exc:
                # A verifier failure must never empty a review: keep everything, loudly.
                self.warnings.append(
                    f"self-check failed, keeping all {len(findings)} findings: {exc.message}"
                )
            else:
                findings, removed = apply_verdicts(findings, verdicts)
                self.count({SELF_CHECK: removed} if removed else {})
        return FileReview(source.path, reply.score, reply.summary.strip(), tuple(findings))


def review(
    settings: Settings,
    paths: Sequence[Path],
    cwd: Path,
    *,
    chat_factory: Callable[[Settings], Chat] = _default_chat,
) -> ReviewResult:
    sources, skipped = load_sources(paths, cwd)
    prompts = Prompts(settings.prompts_dir, nitpicks=settings.nitpicks)
    if not sources:
        return ReviewResult(skipped=tuple(skipped))
    run = _Run(settings, prompts, chat_factory(settings), Usage(), [], {})
    files = [run.review_source(source) for source in sources]
    return ReviewResult(
        files=tuple(files),
        skipped=tuple(skipped),
        usage=run.usage,
        warnings=tuple(run.warnings),
        dropped=run.dropped,
    )
