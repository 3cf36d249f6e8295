"""How many requests are in flight at once, adjusted to what the provider allows: on a 429 the
number halves and every worker waits out the Retry-After; each run of successes as long as the
window adds one back, up to --jobs (additive increase, multiplicative decrease, as TCP does).
A large run under a low rate limit then finishes instead of spending its retries in a storm.
Each storm makes the next probe upwards slower (twice the successes, up to eight times): a
probe past the limit costs some request one of its retries, and no request should lose all of
them to probes.

It sits in the HTTP client's transport, so every attempt counts, the SDK's own retries too, and
a streamed reply holds its place until it is read to the end."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

# A 429 without Retry-After still pauses everyone this long (the SDK's first backoff is 0.5 s).
PAUSE = 1.0
MAX_PAUSE = 60.0
MAX_PROBE = 8  # successes per window before growing, at most this many windows' worth


def retry_after(headers: Any) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds; an HTTP date is not waited on)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if not value:
            continue
        try:
            return min(MAX_PAUSE, max(0.0, float(value) / scale))
        except ValueError:
            continue
    return None


class Throttle:
    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.window = self.limit  # requests allowed in flight now
        self.in_flight = 0
        self.lowest = self.window  # the smallest window this run came down to (for the report)
        self._successes = 0
        self._probe = 1  # windows' worth of successes before the window grows by one
        self._epoch = 0  # counts the halvings: a request sent before one is of that storm
        self._paused_until = 0.0
        self._clock = clock
        self._cond = threading.Condition()

    def acquire(self) -> int:
        """Wait for room; returns the epoch the request is sent in (give it to `release`)."""
        with self._cond:
            while True:
                wait = self._paused_until - self._clock()
                if wait <= 0 and self.in_flight < self.window:
                    self.in_flight += 1
                    return self._epoch
                self._cond.wait(timeout=wait if wait > 0 else None)

    def release(self, status: int | None, headers: Any = None, epoch: int | None = None) -> None:
        """A request sent in `epoch` is done: its status (None: it failed without one)."""
        with self._cond:
            self.in_flight -= 1
            if status == 429:
                pause = retry_after(headers) if headers is not None else None
                until = self._clock() + (PAUSE if pause is None else pause)
                # One storm halves the window once: answers to requests sent before the
                # halving are the same storm, however late they come.
                if epoch is None or epoch == self._epoch:
                    self._epoch += 1
                    self.window = max(1, self.window // 2)
                    self.lowest = min(self.lowest, self.window)
                    self._successes = 0
                    self._probe = min(MAX_PROBE, self._probe * 2)
                self._paused_until = max(self._paused_until, until)
            elif status is not None and status < 400:
                self._successes += 1
                if self._successes >= self.window * self._probe and self.window < self.limit:
                    self.window += 1
                    self._successes = 0
            self._cond.notify_all()


def throttled(transport: Any, throttle: Throttle) -> Any:
    """`transport` (an httpx BaseTransport) with each request counted by `throttle`."""
    import httpx2

    class _Stream(httpx2.SyncByteStream):
        def __init__(self, inner: Any, done: Callable[[], None]) -> None:
            self._inner, self._done = inner, done

        def __iter__(self) -> Iterator[bytes]:
            yield from self._inner

        def close(self) -> None:
            try:
                self._inner.close()
            finally:
                self._done()

    class _Throttled(httpx2.BaseTransport):
        def handle_request(self, request: Any) -> Any:
            epoch = throttle.acquire()
            try:
                response = transport.handle_request(request)
            except BaseException:
                throttle.release(None, epoch=epoch)
                raise
            status, headers = response.status_code, response.headers
            released = threading.Event()

            def done() -> None:
                if not released.is_set():
                    released.set()
                    throttle.release(status, headers, epoch)

            response.stream = _Stream(response.stream, done)
            if status == 429:
                done()  # the pause starts now, not when the SDK reads the refusal
            return response

        def close(self) -> None:
            transport.close()

    return _Throttled()


def throttle_client(client: Any, throttle: Throttle) -> Any:
    """An httpx client whose every transport (proxies' too) goes through `throttle`."""
    client._transport = throttled(client._transport, throttle)
    client._mounts = {
        pattern: throttled(inner, throttle) if inner is not None else None
        for pattern, inner in client._mounts.items()
    }
    return client
