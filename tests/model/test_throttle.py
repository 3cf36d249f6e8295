"""Requests in flight under a provider's rate limit: halved on a 429 with every worker waiting out
its Retry-After, grown back by one per window of successes (AIMD), so that a large run under a
low limit finishes with every file reviewed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from reviewer.model.throttle import Throttle, retry_after
from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, review_json


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_429_halves_the_window_once_per_storm_and_successes_grow_it_back() -> None:
    clock = Clock()
    throttle = Throttle(8, clock)
    burst = [throttle.acquire() for _ in range(8)]
    throttle.release(429, {"retry-after": "2"}, burst[0])
    assert throttle.window == 4
    clock.now += 5  # answers to earlier requests are the same storm, however late they come
    throttle.release(429, {"retry-after": "2"}, burst[1])
    throttle.release(429, {"retry-after-ms": "1500"}, burst[2])
    assert throttle.window == 4 and throttle.lowest == 4
    for epoch in burst[3:]:
        throttle.release(200, None, epoch)
    assert throttle.window == 4  # after a storm, growing takes two windows' worth (8)
    clock.now += 3  # the pause is over
    later = throttle.acquire()
    throttle.release(429, None, later)  # a request sent after the halving: a new storm
    assert throttle.window == 2 and throttle.lowest == 2
    clock.now += 2
    for _ in range(7):
        throttle.release(200, None, throttle.acquire())
    assert throttle.window == 2  # after two storms, four windows' worth (8), not before
    throttle.release(200, None, throttle.acquire())
    assert throttle.window == 3
    assert throttle.in_flight == 0


def test_retry_after_reads_seconds_and_milliseconds_and_caps_them() -> None:
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert retry_after({"retry-after": "7"}) == 7.0
    assert retry_after({"retry-after": "3600"}) == 60.0
    assert retry_after({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}) is None
    assert retry_after({}) is None


def test_a_run_of_eight_jobs_under_a_limit_of_two_reviews_every_file(
    cli: Callable[..., Run], fake: FakeAPI
) -> None:
    for n in range(12):
        Path(f"m{n}.py").write_text(f"def f{n}(x):\n    return x + {n}\n")
    answer = chat(review_json(9))
    answer.delay = 0.05
    fake.default = answer
    fake.limit = 2
    fake.retry_after_ms = 50
    done = cli(*[f"m{n}.py" for n in range(12)], "--format", "json", "--no-cache",
               env={"REVIEWER_JOBS": "8", "REVIEWER_MAX_RETRIES": "2"})  # fmt: skip
    document = json.loads(done.stdout)
    assert done.exit_code == 0, done.stderr
    assert len(document["files"]) == 12 and document["failed"] == []
    assert fake.limited > 0  # the limit was met, and waited out
    assert any("rate limited (429)" in w for w in document["warnings"])
