"""A 429 storm: FILES files reviewed with 8 jobs against a fake that allows 2 requests in flight
(and answers the rest 429 with Retry-After). Prints whether every file was reviewed, the 429s
met, and the wall time, against the same run with 2 jobs (no storm).

    python bench/storm.py [FILES] [LATENCY]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from _common import arguments, env_for, fake_model, small_files, timed


def main() -> None:
    count, latency = arguments(80, 0.05)
    with tempfile.TemporaryDirectory() as name:
        cwd = Path(name)
        names = small_files(cwd, count)
        for jobs in ("8", "2"):
            fake = fake_model(latency)
            fake.limit, fake.retry_after_ms = 2, 200
            env = {
                **env_for(fake, cwd / f"cache-{jobs}"),
                "REVIEWER_JOBS": jobs,
                "REVIEWER_PACK_TOKENS": "0",
            }  # one file a request: a storm of requests
            seconds, done = timed([*names, "--format", "json", "--no-cache"], cwd, env)
            document = json.loads(done.stdout)
            reviewed = len(document["files"])
            print(f"{jobs} jobs against a limit of 2 in flight: {reviewed}/{count} files reviewed, "
                  f"{len(document['failed'])} failed, {fake.limited} answered 429, "
                  f"{seconds:.2f} s")  # fmt: skip
            fake.close()


if __name__ == "__main__":
    main()
