"""What a review produces. The pipeline returns these; renderers and platforms read them;
nothing here prints."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reviewer.contract import (
    EXIT_FINDINGS,
    EXIT_OK,
    SEVERITY_RANK,
    UNREVIEWABLE,
    Category,
    Dropped,
    FixesDropped,
    Severity,
    SkipReason,
)

# Where a finding's lines are shown on the platform: (path, line, end_line) -> URL.
Linker = Callable[[str, int, int], str]


@dataclass(frozen=True)
class Fix:
    """A finding's fix: the whole lines `before` (its lines as reviewed) become `after`."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def text(self) -> str:
        """The code that replaces the finding's lines (the contract's `fix`)."""
        return "\n".join(self.after)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    end_line: int
    severity: Severity
    category: Category
    title: str
    message: str
    suggestion: str | None = None
    quote: str = ""
    grounded: bool = True  # False: its quote is not in the code (kept only when asked to)
    fix: Fix | None = None  # checked by trust/fixes.py before anyone sees it


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def fingerprint(finding: Finding) -> str:
    """A finding's identity across pushes: the same problem keeps it when lines move, so a
    comment already posted is not posted again and code scanning tracks one alert."""
    # Content, not line numbers: an edit above the finding must not make it new.
    key = "\0".join((finding.path, finding.category, _norm(finding.title), _norm(finding.quote)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class FileReview:
    path: str
    score: int
    summary: str
    findings: tuple[Finding, ...] = ()
    # In diff modes, the new-side line ranges GitHub takes review comments on; () otherwise.
    hunk_ranges: tuple[tuple[int, int], ...] = ()
    # In diff modes, the lines the change added or modified (what was reviewed anew).
    changed: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: SkipReason
    detail: str = ""  # what a person needs to act on it, e.g. the pattern that excluded it
    named: bool = False  # named by the user (not found in a folder or a change): a gate fails

    @property
    def unreviewable(self) -> bool:
        """A file the user named that could not be read as text: never a silent pass."""
        return self.named and self.reason in UNREVIEWABLE

    @property
    def why(self) -> str:
        """The detail, without the path it may start with (a provider's error names its file)."""
        prefix = f"{self.path}: "
        return self.detail.removeprefix(prefix)

    def __str__(self) -> str:
        return f"{self.reason}: {self.why}" if self.detail else self.reason


@dataclass
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: int = 0  # replies taken from the cache instead of a request
    seconds: float = 0.0  # wall time of the review
    cost: float | None = None  # estimated USD; None when the model's price is unknown
    unpriced: str | None = None  # the model, when the price table does not know it
    largest_prompt: int = 0  # the largest request's estimated prompt tokens
    # Of prompt_tokens, those the provider served from its own prompt cache (billed less).
    cached_prompt_tokens: int = 0
    # Units review in parallel and add their usage as they go.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, other: Usage) -> None:
        with self._lock:
            self.requests += other.requests
            self.prompt_tokens += other.prompt_tokens
            self.completion_tokens += other.completion_tokens
            self.cached += other.cached
            self.cached_prompt_tokens += other.cached_prompt_tokens
            self.largest_prompt = max(self.largest_prompt, other.largest_prompt)


@dataclass(frozen=True)
class ReviewResult:
    files: tuple[FileReview, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    usage: Usage = field(default_factory=Usage)
    warnings: tuple[str, ...] = ()
    # Findings removed before anyone saw them, by reason: counted, never silently lost.
    dropped: Dropped = field(default_factory=dict)
    # (lines reviewed, lines to review): changed lines in a diff, file lines otherwise.
    coverage: tuple[int, int] = (0, 0)
    # Units the provider failed on (after retries), with the first error: the rest is reported.
    failed: tuple[Skipped, ...] = ()
    redactions: int = 0  # secrets replaced by placeholders before anything was sent
    # Fixes removed from their findings (the findings stay), by reason.
    fixes_dropped: FixesDropped = field(default_factory=dict)
    fixed: tuple[Finding, ...] = ()  # findings whose fixes --fix wrote into the work tree

    @property
    def findings(self) -> list[Finding]:
        every = [finding for review in self.files for finding in review.findings]
        return sorted(every, key=lambda f: (f.path, f.line, -SEVERITY_RANK[f.severity], f.title))

    @property
    def score(self) -> int | None:
        """The weakest file's score: a gate on the score is a gate on every file."""
        return min((review.score for review in self.files), default=None)


def merged(results: Sequence[ReviewResult]) -> ReviewResult:
    """One result from the results of disjoint parts of a selection (`--shard`): what each
    reviewed, skipped and failed, and what they used, added up."""
    usage = Usage()
    dropped: dict[str, int] = {}
    fixes: dict[str, int] = {}
    for result in results:
        usage.add(result.usage)
        usage.seconds = max(usage.seconds, result.usage.seconds)  # the parts ran side by side
        if result.usage.cost is not None:
            usage.cost = (usage.cost or 0.0) + result.usage.cost
        for into, more in ((dropped, result.dropped), (fixes, result.fixes_dropped)):
            for reason, number in more.items():
                into[reason] = into.get(reason, 0) + number
    return ReviewResult(
        files=tuple(sorted((f for r in results for f in r.files), key=lambda f: f.path)),
        skipped=tuple(s for r in results for s in r.skipped),
        usage=usage,
        warnings=tuple(w for r in results for w in r.warnings),
        dropped=dropped,  # type: ignore[arg-type]
        coverage=(sum(r.coverage[0] for r in results), sum(r.coverage[1] for r in results)),
        failed=tuple(f for r in results for f in r.failed),
        redactions=sum(r.redactions for r in results),
        fixes_dropped=fixes,  # type: ignore[arg-type]
    )


def with_fixed(result: ReviewResult, fixed: Sequence[Finding], why: Sequence[str]) -> ReviewResult:
    """The result once `fixed` are fixed in the work tree: they are findings no more (as with
    `ruff --fix`, what remains decides the exit code); `why` says why other fixes were not
    applied."""
    gone = set(map(id, fixed))
    files = tuple(
        dataclasses.replace(r, findings=tuple(f for f in r.findings if id(f) not in gone))
        for r in result.files
    )
    return dataclasses.replace(
        result, files=files, fixed=tuple(fixed), warnings=result.warnings + tuple(why)
    )


def gate_failure(result: ReviewResult, fail_on: str, min_score: int | None) -> str | None:
    """Why the review fails its gate (exit 1), in one line; None when it passes."""
    if fail_on != "never":
        threshold = SEVERITY_RANK[fail_on]
        severe = [f for f in result.findings if SEVERITY_RANK[f.severity] >= threshold]
        if severe:
            noun = "finding" if len(severe) == 1 else "findings"
            return f"{len(severe)} {noun} at or above {fail_on} (--fail-on {fail_on})"
    score = result.score
    if min_score is not None and score is not None and score < min_score:
        return f"score {score} is below --min-score {min_score}"
    unreviewable = [s for s in result.skipped if s.unreviewable]
    if unreviewable:
        first = unreviewable[0]
        more = f" (and {len(unreviewable) - 1} more)" if len(unreviewable) > 1 else ""
        return f"{first.path} was named but not reviewed: {first}{more}"
    return None


def exit_code(result: ReviewResult, fail_on: str, min_score: int | None) -> int:
    """0 when the review passes the gate, 1 when it does not (the contract's exit codes)."""
    return EXIT_OK if gate_failure(result, fail_on, min_score) is None else EXIT_FINDINGS


@dataclass(frozen=True)
class PlannedUnit:
    """What a dry run shows for one unit: the messages that would be sent."""

    path: str
    messages: list[dict[str, str]]
    tokens: int
    # The rules by path that applied, per file of the request ("file: 1: migrations/**").
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    units: tuple[PlannedUnit, ...]
    skipped: tuple[Skipped, ...]
    # The whole run's estimate (the self-check's requests too): what --max-cost is checked on.
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0  # assumed, a typical reply a request
    cost: float | None = None  # USD at list price; None when the model's price is unknown
    max_cost: float | None = None
