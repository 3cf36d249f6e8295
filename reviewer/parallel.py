"""Work on a few threads at once, with the results in the order the items came. The threads are
daemons: an interrupted run leaves at once, abandoning the work in flight (a request may wait
minutes on a slow model), instead of waiting for it at exit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Late:
    """Yielded in place of the result of an item not finished by the deadline."""

    def __repr__(self) -> str:
        return "LATE"


LATE = Late()


def in_order(
    work: Callable[[T], R], items: Sequence[T], jobs: int, *, deadline: float | None = None
) -> Generator[R | Late, None, None]:
    """`work(item)` for each item, at most `jobs` at a time, yielded in the items' order. An
    exception is raised where its item's result would be; closing the iterator early (or an
    exception in the caller) starts no more work. Past `deadline` (time.monotonic()), nothing
    more is started or waited for: each item not finished by then is yielded as LATE, and its
    work is abandoned in its thread."""
    futures: list[Future[R]] = [Future() for _ in items]
    pending = iter(range(len(items)))
    lock = threading.Lock()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            with lock:
                index = next(pending, None)
            if index is None:
                return
            future = futures[index]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work(items[index]))
            except BaseException as exc:  # handed to the caller, whatever it is
                future.set_exception(exc)

    for number in range(min(jobs, len(items))):
        threading.Thread(target=worker, name=f"reviewer-{number + 1}", daemon=True).start()
    try:
        for future in futures:
            if deadline is None:
                yield future.result()
                continue
            try:
                result = future.result(timeout=max(0.0, deadline - time.monotonic()))
            except FutureTimeout:
                stop.set()
                yield LATE
            else:
                yield result
    finally:
        stop.set()
        for future in futures:
            future.cancel()
