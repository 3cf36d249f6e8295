"""What the units of a review add up to as they finish, in parallel."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reviewer.contract import Dropped, FixesDropped
from reviewer.errors import ProviderError
from reviewer.result import Finding, Skipped

T = TypeVar("T")


@dataclass
class Tally:
    """What the units add up to as they finish (in parallel, so under one lock)."""

    dropped: Dropped = field(default_factory=dict)
    fixes_dropped: FixesDropped = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reviewed: int = 0  # the size of the units reviewed, for coverage
    # A failure that every later request would meet too (a rejected key, no such model, no
    # server): the units not yet started are not sent.
    fatal: ProviderError | None = None
    # Set when the run's time limit is reached: units abandoned in their threads add nothing.
    sealed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def drop(self, screened: tuple[T, Dropped]) -> T:
        """What a step kept; what it dropped is counted."""
        kept, dropped = screened
        self._count(self.dropped, dropped)
        return kept

    def drop_fixes(self, checked: tuple[list[Finding], FixesDropped]) -> list[Finding]:
        """The findings, their fixes checked; the fixes withheld are counted."""
        kept, dropped = checked
        self._count(self.fixes_dropped, dropped)
        return kept

    def _count(self, into: dict[Any, int], more: Mapping[Any, int]) -> None:
        with self._lock:
            if not self.sealed:
                for reason, number in more.items():
                    into[reason] = into.get(reason, 0) + number

    def fail(self, path: str, error: ProviderError) -> None:
        with self._lock:
            if self.sealed:
                return
            self._failed(Skipped(path, "provider failed", error.message))
            if error.kind in ProviderError.FATAL and self.fatal is None:
                self.fatal = error

    def late(self, path: str, timeout: float) -> None:
        with self._lock:
            detail = f"not reviewed within the run's timeout ({timeout:g} s)"
            self._failed(Skipped(path, "timed out", detail))

    def over(self, path: str, cap: float) -> None:
        with self._lock:
            if not self.sealed:
                detail = f"not sent: the run reached --max-cost (${cap:g})"
                self._failed(Skipped(path, "over max_cost", detail))

    def _failed(self, item: Skipped) -> None:
        # A file split into parts is listed once, with its first failure.
        if all(known.path != item.path for known in self.failed):
            self.failed.append(item)

    def skip(self, item: Skipped) -> None:
        with self._lock:
            if not self.sealed:
                self.skipped.append(item)

    def warn(self, text: str) -> None:
        with self._lock:
            if not self.sealed:
                self.warnings.append(text)

    def cover(self, size: int) -> None:
        with self._lock:
            if not self.sealed:
                self.reviewed += size

    def seal(self) -> None:
        with self._lock:
            self.sealed = True
