"""The review pipeline: a selection (files, or a change) in, a ReviewResult out. It never prints."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reviewer.anchoring import DUPLICATE, same_problem, to_findings
from reviewer.cache import ReplyCache, cache_key
from reviewer.changes import units_from_changes
from reviewer.chunking import halves, split
from reviewer.config import Settings
from reviewer.diffview import view_of
from reviewer.errors import ContextTooLong, ProviderError, UsageError
from reviewer.exchange import Chat, ask
from reviewer.excludes import Excludes, excludes_for
from reviewer.injection import find_injections
from reviewer.lessons import default_cache_dir
from reviewer.noise import by_category, by_severity
from reviewer.pricing import estimate_cost, model_info
from reviewer.prompts import Messages, Prompts, project_instructions
from reviewer.providers import PARAMETERS
from reviewer.redact import SECRET_FILE, SECRET_FILES, redact_lines
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
        return load_sources(selection.files, cwd, excludes, settings.max_file_bytes)
    from reviewer.gitrepo import Repository

    with Repository(cwd) as repo:
        comparison = repo.comparison(staged=selection.staged, diff=selection.diff)
        changes = repo.changes(comparison, repo.pathspecs(selection.files, cwd))
        return units_from_changes(
            changes, repo.new_content, excludes, settings.context_lines, settings.max_file_bytes
        )


def safe_units(
    settings: Settings, units: list[Unit], found: Counter[str]
) -> tuple[list[Unit], list[Skipped]]:
    """Units fit to send: secret files left out, secrets in the rest replaced (counted)."""
    secret_files = Excludes(list(SECRET_FILES))
    kept: list[Unit] = []
    skipped: list[Skipped] = []
    for unit in units:
        pattern = secret_files.match(unit.path)
        if pattern is not None:
            skipped.append(Skipped(unit.path, SECRET_FILE, f"matches '{pattern}'; never sent"))
        elif settings.redact_secrets:
            kept.append(redact_unit(unit, found))
        else:
            kept.append(unit)
    return kept, skipped


def redact_unit(unit: Unit, found: Counter[str]) -> Unit:
    lines = tuple(redact_lines(unit.lines, found))
    if unit.change is None:
        return dataclasses.replace(unit, lines=lines)
    hunks = [
        dataclasses.replace(hunk, removed=tuple(redact_lines(hunk.removed, found)))
        for hunk in unit.change.hunks
    ]
    return dataclasses.replace(
        unit, lines=lines, change=view_of(lines, hunks, unit.change.context_lines)
    )


# Room left for the reply when no --max-tokens is set, and the largest request by default:
# long prompts cost more and are reviewed less carefully.
REPLY_RESERVE = 4096
DEFAULT_REQUEST_TOKENS = 24_000
MIN_BUDGET = 2_000
TOO_LARGE = "too large"
FAILED = "provider failed"


def prompts_for(settings: Settings) -> Prompts:
    instructions = project_instructions(settings.instructions, settings.instructions_file)
    return Prompts(settings.prompts_dir, nitpicks=settings.nitpicks, instructions=instructions)


def request_budget(settings: Settings) -> int:
    """The most prompt tokens one request may carry (estimated, see tokens.py)."""
    from reviewer.pricing import model_info

    context = settings.context_window or model_info(settings.model, settings.prices).context
    room = int((context - (settings.max_tokens or REPLY_RESERVE)) * 0.9)
    return max(MIN_BUDGET, min(room, settings.request_tokens or DEFAULT_REQUEST_TOKENS))


def _too_large(path: str, gap: tuple[int, int], budget: int) -> Skipped:
    lines = f"line {gap[0]} is" if gap[0] == gap[1] else f"lines {gap[0]}-{gap[1]} are"
    return Skipped(path, TOO_LARGE, f"{lines} over the {budget:,}-token request budget")


def prepare(
    settings: Settings,
    selection: Selection,
    cwd: Path,
    prompts: Prompts,
    found: Counter[str] | None = None,
) -> tuple[list[Unit], list[Skipped], int]:
    """Units that each fit one request, what is skipped, and the size of all there was to
    review (for the coverage figure)."""
    units, skipped = collect(settings, selection, cwd)
    units, secret = safe_units(settings, units, Counter() if found is None else found)
    skipped += secret
    budget = request_budget(settings)

    def fits(unit: Unit) -> bool:
        return estimate_tokens(prompts.review(unit)) <= budget

    parts: list[Unit] = []
    for unit in units:
        fitted, gaps = split(unit, fits)
        parts += fitted
        skipped += [_too_large(unit.path, gap, budget) for gap in gaps]
    return parts, skipped, sum(unit.size for unit in units)


def plan(settings: Settings, selection: Selection, cwd: Path) -> Plan:
    prompts = prompts_for(settings)
    units, skipped, _ = prepare(settings, selection, cwd, prompts)
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


T = TypeVar("T", bound=BaseModel)


def _default_chat(settings: Settings) -> Chat:
    from reviewer.lessons import Lessons
    from reviewer.llm import ChatClient

    return ChatClient(settings, Lessons(settings.cache_dir or default_cache_dir()))


@dataclass
class _Run:
    settings: Settings
    prompts: Prompts
    chat_factory: Callable[[Settings], Chat]
    cache: ReplyCache | None
    progress: UnitProgress | None = None
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    reviewed: int = 0  # the size of the units reviewed, for coverage
    failed: list[Skipped] = field(default_factory=list)
    # A failure that every later request would meet too (a rejected key, no such model, no
    # server): the units not yet started are not sent.
    fatal: ProviderError | None = None
    _chat: Chat | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, unit: Unit) -> list[FileReview]:
        """Review a unit; a provider failure is recorded against it, and the run goes on."""
        if self.fatal is not None:
            with self._lock:
                self.failed.append(Skipped(unit.path, FAILED, self.fatal.message))
            return []
        try:
            return self.review_unit(unit)
        except ProviderError as exc:
            with self._lock:
                self.failed.append(Skipped(unit.path, FAILED, exc.message))
                if exc.kind in ProviderError.FATAL and self.fatal is None:
                    self.fatal = exc
            return []

    def chat(self) -> Chat:
        # Made at the first request: a run whose every reply is cached never loads the SDK.
        with self._lock:
            if self._chat is None:
                self._chat = self.chat_factory(self.settings)
            return self._chat

    def _progress(self, subject: str) -> Progress | None:
        report = self.progress
        if report is None:
            return None
        return lambda received, elapsed: report(subject, received, elapsed)

    def count(self, dropped: dict[str, int]) -> None:
        with self._lock:
            for reason, number in dropped.items():
                self.dropped[reason] = self.dropped.get(reason, 0) + number

    def ask(self, messages: Messages, model: type[T], name: str, subject: str) -> T:
        """The reply from the cache, or from the model (and then kept)."""
        settings = self.settings
        params = {key: getattr(settings, key) for key in PARAMETERS}
        key = cache_key(
            settings.provider, settings.base_url, settings.model, params, name, messages
        )
        if self.cache is not None:
            kept = self.cache.get(key)
            if kept is not None:
                try:
                    reply = model.model_validate_json(kept)
                except ValidationError:
                    pass  # kept by another version of the schema: ask afresh
                else:
                    self.usage.add(Usage(cached=1))
                    return reply
        self.usage.add(Usage(largest_prompt=estimate_tokens(messages)))
        reply = ask(
            self.chat(),
            self.prompts,
            messages,
            model,
            name=name,
            subject=subject,
            max_tokens=settings.max_tokens,
            usage=self.usage,
            progress=self._progress(subject),
        )
        if self.cache is not None:
            self.cache.put(key, reply.model_dump_json())
        return reply

    def review_unit(self, unit: Unit) -> list[FileReview]:
        try:
            reply = self.ask(self.prompts.review(unit), ReviewReply, "code_review", unit.path)
        except ContextTooLong as exc:
            # The provider counts tokens exactly; our estimate fell short. Halve and ask again.
            parts = halves(unit)
            if parts is None:
                with self._lock:
                    self.skipped.append(Skipped(unit.path, TOO_LARGE, exc.message))
                return []
            return [review for part in parts for review in self.review_unit(part)]
        settings = self.settings
        findings, dropped = to_findings(
            unit.path, reply.issues, unit.lines, unit.reviewed, searched=unit.searched,
            keep_ungrounded=settings.keep_ungrounded,
        )  # fmt: skip
        self.count(dropped)
        # Filtered before the self-check: no request is spent verifying what will not be shown.
        findings, outside = in_change(unit, findings, settings.filter_mode)
        self.count({OUTSIDE_CHANGE: outside} if outside else {})
        findings += [
            found
            for found in find_injections(unit)
            if not any(f.line == found.line and f.category == "security" for f in findings)
        ]
        findings, dropped = by_category(findings, settings.categories, settings.exclude_categories)
        self.count(dropped)
        if self.settings.self_check and findings:
            try:
                verdicts = self.ask(
                    self.prompts.self_check(unit, findings),
                    VerdictReply,
                    "self_check",
                    f"{unit.path} (self-check)",
                )
            except ProviderError as exc:
                # A verifier failure must never empty a review: keep everything, loudly.
                with self._lock:
                    self.warnings.append(
                        f"self-check failed, keeping all {len(findings)} findings: {exc.message}"
                    )
            else:
                findings, removed = apply_verdicts(findings, verdicts)
                self.count({SELF_CHECK: removed} if removed else {})
        findings, dropped = by_severity(findings, settings.min_severity, settings.max_findings)
        self.count(dropped)
        with self._lock:
            self.reviewed += unit.size
        ranges = unit.change.hunk_ranges if unit.change is not None else ()
        return [FileReview(unit.path, reply.score, reply.summary.strip(), tuple(findings), ranges)]


def merge(reviews: list[FileReview]) -> tuple[list[FileReview], int]:
    """One review per file, in the order the files came, from the reviews of its parts; and how
    many findings were the same problem found by two parts."""
    by_path: dict[str, list[FileReview]] = {}
    for part in reviews:
        by_path.setdefault(part.path, []).append(part)
    merged = []
    repeats = 0
    for path, parts in by_path.items():
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        findings: list[Finding] = []
        for finding in (f for part in parts for f in part.findings):
            if any(same_problem(finding, other) for other in findings):
                repeats += 1
            else:
                findings.append(finding)
        summaries = dict.fromkeys(part.summary for part in parts if part.summary)
        ranges = sorted({r for part in parts for r in part.hunk_ranges})
        merged.append(
            FileReview(path, min(part.score for part in parts), " ".join(summaries),
                       tuple(findings), tuple(ranges))
        )  # fmt: skip
    return merged, repeats


def review(
    settings: Settings,
    selection: Selection,
    cwd: Path,
    *,
    chat_factory: Callable[[Settings], Chat] = _default_chat,
    progress: UnitProgress | None = None,
) -> ReviewResult:
    started = time.monotonic()
    prompts = prompts_for(settings)
    found: Counter[str] = Counter()
    units, skipped, total = prepare(settings, selection, cwd, prompts, found)
    redactions = sum(found.values())
    if not units:
        return ReviewResult(skipped=tuple(skipped), coverage=(0, total), redactions=redactions)
    cache = ReplyCache(settings.cache_dir or default_cache_dir()) if settings.cache else None
    run = _Run(settings, prompts, chat_factory, cache, progress)
    pool = ThreadPoolExecutor(max_workers=min(settings.jobs, len(units)))
    futures = [pool.submit(run.attempt, unit) for unit in units]
    try:
        # Collected in the units' order, whatever order they finish in.
        reviews = [review for future in futures for review in future.result()]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if cache is not None:
            cache.close()
    pool.shutdown()
    files, repeats = merge(reviews)
    run.count({DUPLICATE: repeats} if repeats else {})
    usage = run.usage
    usage.seconds = time.monotonic() - started
    usage.cost = estimate_cost(
        model_info(settings.model, settings.prices), usage.prompt_tokens, usage.completion_tokens
    )
    return ReviewResult(
        files=tuple(files),
        skipped=tuple(skipped + run.skipped),
        usage=usage,
        warnings=tuple(run.warnings),
        dropped=run.dropped,
        coverage=(run.reviewed, total),
        failed=tuple(run.failed),
        redactions=redactions,
    )
