"""Work on a few threads at once, results in the items' order, exceptions where they belong, and
nothing more started once the caller stops."""

from __future__ import annotations

import threading
import time

import pytest

from reviewer.parallel import LATE, in_order


def test_results_come_in_the_items_order_whatever_order_they_finish_in() -> None:
    def slow_first(n: int) -> int:
        time.sleep(0.05 if n == 0 else 0)
        return n * n

    assert list(in_order(slow_first, range(6), jobs=3)) == [0, 1, 4, 9, 16, 25]


def test_no_more_than_jobs_run_at_once() -> None:
    running, most = 0, 0
    lock = threading.Lock()

    def work(_: int) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1

    list(in_order(work, range(12), jobs=3))
    assert 1 <= most <= 3


def test_an_exception_is_raised_where_its_result_would_be() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n

    results = in_order(work, range(4), jobs=1)
    assert [next(results), next(results)] == [0, 1]
    with pytest.raises(ValueError, match="two"):
        next(results)


def test_a_caller_that_stops_starts_no_more_work() -> None:
    started: list[int] = []

    def work(n: int) -> int:
        started.append(n)
        time.sleep(0.05)
        return n

    results = in_order(work, range(50), jobs=2)
    assert next(results) == 0
    results.close()  # as a Ctrl-C in the caller would
    time.sleep(0.3)
    assert len(started) <= 4
    assert all(
        thread.daemon for thread in threading.enumerate() if thread.name.startswith("reviewer-")
    )


def test_past_the_deadline_unfinished_items_are_late_and_the_rest_kept() -> None:
    release = threading.Event()

    def work(n: int) -> int:
        if n == 1:
            release.wait(5)  # a request that hangs
        return n

    try:
        results = list(in_order(work, range(6), jobs=2, deadline=time.monotonic() + 0.3))
    finally:
        release.set()
    # The other thread finished the rest while item 1 hung: kept, in order.
    assert results == [0, LATE, 2, 3, 4, 5]


def test_past_the_deadline_nothing_more_starts() -> None:
    started: list[int] = []
    release = threading.Event()

    def work(n: int) -> int:
        started.append(n)
        release.wait(5)
        return n

    try:
        results = list(in_order(work, range(4), jobs=1, deadline=time.monotonic() + 0.2))
    finally:
        time.sleep(0.1)
        release.set()
    time.sleep(0.2)
    assert results == [LATE] * 4
    assert started == [0]
