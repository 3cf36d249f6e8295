"""A cached re-run against the first run, in one run: wall time (the median of 5 re-runs) and
requests sent.

    python bench/cache.py [FILES] [LATENCY]
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from _common import arguments, env_for, fake_model, small_files, timed


def main() -> None:
    count, latency = arguments(16, 0.5)
    fake = fake_model(latency)
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        names = small_files(cwd, count)
        env = env_for(fake, cwd / "cache")
        first, _ = timed(names, cwd, env)
        sent = len(fake.chat_requests)
        reruns = [timed(names, cwd, env) for _ in range(5)]
        again = statistics.median(seconds for seconds, _ in reruns)
        done = reruns[-1][1]
        resent = len(fake.chat_requests) - sent
    fake.close()
    summary = done.stdout.strip().splitlines()[-1]
    print(f"{count} files at {latency:g} s latency: first run {first:.2f} s ({sent} requests), "
          f"cached re-run {again:.2f} s ({resent} requests); first/cached {first / again:.1f}x "
          f"(target: 0 requests and at most 0.35 s). Its last line: {summary}")  # fmt: skip


if __name__ == "__main__":
    main()
