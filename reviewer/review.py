"""The review pipeline: a selection (files, or a change) in, a ReviewResult out. It reads as the
order of the steps; each step's code lives in its own module. It never prints."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel

from reviewer.budget import Estimate, Spending, check_cap, estimate
from reviewer.config import Settings, model_options
from reviewer.contract import Dropped
from reviewer.errors import ContextTooLong, ProviderError, UsageError
from reviewer.model.cache import ReplyCache
from reviewer.model.options import ModelOptions
from reviewer.model.pricing import estimate_cost, model_info
from reviewer.model.prompts import Messages, Prompts, project_instructions
from reviewer.model.schema import PackReply, ReplyIssue, ReviewReply, VerdictReply
from reviewer.model.session import Connect, ModelSession, connect
from reviewer.model.tokens import estimate_tokens, request_budget
from reviewer.parallel import Late, in_order
from reviewer.result import FileReview, Finding, Plan, PlannedUnit, ReviewResult, Skipped, Usage
from reviewer.rules import Applied, with_rules
from reviewer.source.chunking import fit_all, halves
from reviewer.source.excludes import excludes_for
from reviewer.source.packing import Batch, batches
from reviewer.source.select import Selection, collect, sharded
from reviewer.source.unit import Unit
from reviewer.tally import Tally
from reviewer.trust.anchoring import by_file, merge_parts, to_findings
from reviewer.trust.fixes import with_fixes
from reviewer.trust.injection import with_injections
from reviewer.trust.noise import (
    NoiseRules,
    apply_verdicts,
    by_category,
    by_severity,
    contradicted,
    in_change,
    lost,
    shown_score,
)
from reviewer.trust.parroting import Examples, examples_in, without_examples
from reviewer.trust.redact import screen_secrets

T = TypeVar("T")
_NONE = Applied((), "", NoiseRules())
R = TypeVar("R", bound=BaseModel)


def prompts_for(settings: Settings) -> Prompts:
    instructions = project_instructions(settings.instructions, settings.instructions_file)
    return Prompts(
        settings.prompts_dir,
        nitpicks=settings.nitpicks,
        instructions=instructions,
        language=settings.language,
    )


def prepare(
    settings: Settings,
    selection: Selection,
    cwd: Path,
    prompts: Prompts,
    found: Counter[str],
    options: ModelOptions,
) -> tuple[list[Unit], list[Skipped], int]:
    """Units that each fit one request (leaving room for the largest reply `options` allow),
    what is skipped, and the size of all there was to review (for the coverage figure).
    Secrets found are counted in `found`."""
    excludes = excludes_for(settings.exclude, defaults=settings.default_excludes)
    units, skipped = collect(
        selection, cwd, excludes=excludes, max_file_bytes=settings.max_file_bytes,
        context_lines=settings.context_lines,
    )  # fmt: skip
    units, skipped = sharded(selection, units, skipped)
    units, secret = screen_secrets(units, redact=settings.redact_secrets, found=found)
    window = settings.context_window or model_info(settings.model, settings.prices).context
    budget = request_budget(window, options.reply_ceiling, settings.request_tokens)
    parts, too_large = fit_all(
        units, lambda unit: estimate_tokens(prompts.review(unit)) <= budget, budget
    )
    return parts, skipped + secret + too_large, sum(unit.size for unit in units)


def plan(settings: Settings, selection: Selection, cwd: Path) -> Plan:
    """What a dry run shows: the messages each request would carry."""
    prompts = prompts_for(settings)
    units, skipped, _ = prepare(
        settings, selection, cwd, prompts, Counter(), model_options(settings)
    )
    units, applied = with_rules(units, settings.rules, noise_rules(settings), settings.nitpicks)
    planned = []
    for batch in batched(settings, prompts, units):
        messages = messages_of(prompts, batch)
        path = ", ".join(unit.path for unit in batch)
        rules = tuple(
            f"{unit.path}: {name}" for unit in batch for name in applied.get(unit.path, _NONE).names
        )
        planned.append(PlannedUnit(path, messages, estimate_tokens(messages), rules))
    price = model_info(settings.model, settings.prices)
    expected = estimate([unit.messages for unit in planned], price, settings.self_check)
    return Plan(tuple(planned), tuple(skipped), expected.requests, expected.prompt_tokens,
                expected.completion_tokens, expected.cost, settings.max_cost)  # fmt: skip


class Watcher(Protocol):
    """Told of each request while it is in flight (the terminal shows them), and of the size of
    an audit before its first request."""

    def planned(self, files: int, requests: int, tokens: int, cost: float | None) -> None: ...

    def started(self, subject: str) -> None: ...

    def received(self, subject: str, chunks: int) -> None: ...

    def finished(self, subject: str) -> None: ...


@dataclass
class _Review:
    """Reviews one unit after another, as the pool hands them out."""

    session: ModelSession
    rules: NoiseRules
    by_path: Mapping[str, NoiseRules]  # where rules by path change them
    keep_ungrounded: bool
    self_check: bool
    watcher: Watcher | None
    examples: Examples
    spending: Spending
    tally: Tally = field(default_factory=Tally)

    def attempt(self, batch: Batch) -> list[FileReview]:
        """Review a unit, or a pack of small ones; a provider failure is recorded against each
        of them, and the run goes on."""
        fatal = self.tally.fatal
        if fatal is not None:
            for unit in batch:
                self.tally.fail(unit.path, fatal)
            return []
        if self.spending.reached():
            assert self.spending.cap is not None
            for unit in batch:
                self.tally.over(unit.path, self.spending.cap)
            return []
        try:
            return self.review_unit(batch[0]) if len(batch) == 1 else self.review_pack(batch)
        except ProviderError as exc:
            for unit in batch:
                self.tally.fail(unit.path, exc)
            return []

    def review_unit(self, unit: Unit) -> list[FileReview]:
        try:
            reply = self.ask(self.session.prompts.review(unit), ReviewReply, "code_review", unit)
        except ContextTooLong as exc:
            # The provider counts tokens exactly; our estimate fell short. Halve and ask again.
            parts = halves(unit)
            if parts is None:
                self.tally.skip(Skipped(unit.path, "too large", exc.message))
                return []
            return [review for part in parts for review in self.review_unit(part)]
        return [self.judge(unit, reply.score, reply.summary, reply.issues)]

    def review_pack(self, units: Batch) -> list[FileReview]:
        """Small units of several files in one request; each file judged on its own issues."""
        messages = self.session.prompts.review_pack(units)
        more = f" and {len(units) - 1} more"
        try:
            reply = self.ask(messages, PackReply, "code_review_pack", units[0], more)
        except ContextTooLong:
            return [review for unit in units for review in self.review_unit(unit)]
        issues = self.tally.drop(by_file(reply.issues, units))
        notes = {note.path: note for note in reply.files}
        reviews = []
        for unit in units:
            note = notes.get(unit.path)
            score = note.score if note is not None else reply.score
            summary = note.summary if note is not None and note.summary else reply.summary
            reviews.append(self.judge(unit, score, summary, issues.get(unit.path, [])))
        return reviews

    def judge(
        self, unit: Unit, score: int, summary: str, replied: Sequence[ReplyIssue]
    ) -> FileReview:
        """The unit's findings from the issues the model gave for it: placed, filtered,
        verified, their fixes checked; its score made to agree with what is shown."""
        tally, rules = self.tally, self.by_path.get(unit.path, self.rules)
        # The prompt's example copied back is no finding, however close its quote is to the code.
        issues = tally.drop(without_examples(replied, self.examples, unit.lines))
        findings = tally.drop(
            to_findings(unit.path, issues, unit.lines, unit.reviewed,
                        searched=unit.searched, keep_ungrounded=self.keep_ungrounded)
        )  # fmt: skip
        # What the model counted but is not real: its score gives it back (shown_score).
        unreal = lost([i.severity for i in replied], [f.severity for f in findings])
        # Filtered before the self-check: no request is spent verifying what will not be shown.
        findings = tally.drop(in_change(unit, findings, rules.filter_mode))
        findings = with_injections(findings, unit)
        findings = tally.drop(by_category(findings, rules.categories, rules.exclude_categories))
        checked = tally.drop(self.verify(unit, findings))
        unreal += lost([f.severity for f in findings], [f.severity for f in checked])
        findings = checked
        findings = tally.drop(by_severity(findings, rules.min_severity, rules.max_findings))
        # Last: only the fixes of findings that are shown are checked and counted.
        findings = tally.drop_fixes(with_fixes(findings, unit.lines))
        tally.cover(unit.size)
        change = unit.change
        ranges = change.hunk_ranges if change is not None else ()
        summary = self.examples.summary(summary.strip())
        score = shown_score(score, unreal, findings)
        changed = change.added if change is not None else frozenset()
        return FileReview(unit.path, score, summary, tuple(findings), ranges, changed)

    def verify(self, unit: Unit, findings: Sequence[Finding]) -> tuple[list[Finding], Dropped]:
        """The self-check's verdicts applied (when it is on)."""
        if not self.self_check or not findings:
            return list(findings), {}
        messages = self.session.prompts.self_check(unit, findings)
        try:
            verdicts = self.ask(messages, VerdictReply, "self_check", unit, " (self-check)")
        except ProviderError as exc:
            # A verifier failure must never empty a review: keep everything, loudly.
            self.tally.warn(
                f"self-check failed, keeping all {len(findings)} findings: {exc.message}"
            )
            return list(findings), {}
        unclear = [number for number in contradicted(verdicts) if number <= len(findings)]
        if unclear:
            ids = ", ".join(map(str, unclear))
            noun = "finding" if len(unclear) == 1 else "findings"
            self.tally.warn(
                f"{unit.path}: the self-check contradicted itself on {noun} {ids} (kept and "
                "dropped, or two severities); kept as the review found it"
            )
        return apply_verdicts(findings, verdicts)

    def ask(self, messages: Messages, reply: type[R], name: str, unit: Unit, note: str = "") -> R:
        subject, watcher = unit.path + note, self.watcher
        if watcher is None:
            return self.session.ask(messages, reply, name=name, subject=subject)
        watcher.started(subject)
        try:
            return self.session.ask(
                messages, reply, name=name, subject=subject,
                progress=lambda got, _took: watcher.received(subject, got),
            )  # fmt: skip
        finally:
            watcher.finished(subject)


def noise_rules(settings: Settings) -> NoiseRules:
    """The project's noise controls (rules by path may change them for some files)."""
    return NoiseRules(
        settings.filter_mode, tuple(settings.categories), tuple(settings.exclude_categories),
        settings.min_severity, settings.max_findings,
    )  # fmt: skip


def batched(settings: Settings, prompts: Prompts, units: Sequence[Unit]) -> list[Batch]:
    """The requests the units take: small ones of several files packed up to pack_tokens."""
    shared = estimate_tokens([{"role": "system", "content": prompts.system()}])

    def own(unit: Unit) -> int:
        return estimate_tokens(prompts.review(unit)) - shared

    return batches(units, own, shared, settings.pack_tokens)


def messages_of(prompts: Prompts, batch: Batch) -> Messages:
    return prompts.review(batch[0]) if len(batch) == 1 else prompts.review_pack(batch)


def _announce(
    settings: Settings, units: list[Unit], requests: int, found: Estimate, watcher: Watcher | None
) -> None:
    """An audit's size, said before its first request, and refused over folder_max_requests."""
    if requests > settings.folder_max_requests:
        raise UsageError(
            f"this audit takes {requests} requests, over folder_max_requests "
            f"({settings.folder_max_requests}): name fewer files, exclude some, or raise it"
        )
    if watcher is not None:
        files = len({unit.path for unit in units})
        watcher.planned(files, requests, found.prompt_tokens, found.cost)


def review(
    settings: Settings,
    selection: Selection,
    cwd: Path,
    *,
    connect: Connect = connect,
    watcher: Watcher | None = None,
) -> ReviewResult:
    started = time.monotonic()
    prompts = prompts_for(settings)
    found: Counter[str] = Counter()
    options = model_options(settings)
    units, skipped, total = prepare(settings, selection, cwd, prompts, found, options)
    base = noise_rules(settings)
    units, applied = with_rules(units, settings.rules, base, settings.nitpicks)
    work = batched(settings, prompts, units)
    price = model_info(settings.model, settings.prices)
    expected = estimate([messages_of(prompts, b) for b in work], price, settings.self_check)
    # Whole files (no change) in bulk: an audit. A change is as large as it is, folders or not.
    if units and all(u.change is None for u in units) and selection.may_audit(cwd):
        _announce(settings, units, len(work), expected, watcher)
    if units:
        check_cap(expected, settings.max_cost, settings.model)
    if not units:
        return ReviewResult(
            skipped=tuple(skipped), coverage=(0, total), redactions=sum(found.values())
        )
    cache = ReplyCache(settings.cache_dir) if settings.cache else None
    session = ModelSession(options, prompts, cache=cache, connect=connect)
    examples = examples_in(prompts.system())
    spending = Spending(settings.max_cost, price, session.usage)
    noise = {path: rules.noise for path, rules in applied.items()}
    run = _Review(session, base, noise, settings.keep_ungrounded, settings.self_check, watcher,
                  examples, spending)  # fmt: skip
    deadline = started + settings.timeout if settings.timeout else None
    reviews: list[FileReview] = []
    try:
        # Collected in the units' order, whatever order they finish in.
        outcomes = in_order(run.attempt, work, settings.jobs, deadline=deadline)
        for batch, done in zip(work, outcomes, strict=True):
            if isinstance(done, Late):
                for unit in batch:
                    run.tally.late(unit.path, settings.timeout)
            else:
                reviews += done
    finally:
        run.tally.seal()  # what is still in flight is abandoned and adds nothing
        throttled = session.throttled()
        session.close()  # an interrupted or timed-out run abandons the requests in flight
    tally = run.tally
    if throttled is not None:
        tally.warnings.append(
            f"rate limited (429): requests in flight came down from {throttled[0]} to "
            f"{throttled[1]} and recovered as the provider allowed; lower --jobs to avoid it"
        )
    # The files in the selection's order, however the requests grouped them.
    order = {unit.path: number for number, unit in reversed(list(enumerate(units)))}
    reviews.sort(key=lambda review: order.get(review.path, 0))
    files, merged = merge_parts(reviews)
    for reason, number in merged.items():
        tally.dropped[reason] = tally.dropped.get(reason, 0) + number
    usage = Usage()  # a copy: requests abandoned in flight may still add to the session's
    usage.add(session.usage)
    usage.seconds = time.monotonic() - started
    usage.cost = estimate_cost(
        price, usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens
    )
    if not price.known and usage.requests:
        usage.unpriced = settings.model
    return ReviewResult(
        files=tuple(files),
        skipped=tuple(skipped + tally.skipped),
        usage=usage,
        warnings=tuple(tally.warnings),
        dropped=tally.dropped,
        coverage=(tally.reviewed, total),
        failed=tuple(tally.failed),
        redactions=sum(found.values()),
        fixes_dropped=tally.fixes_dropped,
    )
