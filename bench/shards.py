"""A sharded audit: FILES files reviewed whole as one run, and as SHARDS shard runs (one after
another here; side by side in a CI matrix) merged with `reviewer merge`, against a zero-latency
fake that finds a problem in every fifth file. Prints each shard's wall time and files, the
merged report's, the peak memory of a run, and whether the merged report equals the unsharded
one (same findings, same exit code).

    python bench/shards.py [FILES] [SHARDS]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BUG, REVIEWER, division_model, env_for, fake_model


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str, int]:
    start = time.perf_counter()
    done = subprocess.run([*REVIEWER, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"reviewer {' '.join(args[:3])} failed: {done.stderr[-500:]}")
    return time.perf_counter() - start, done.stdout, done.returncode


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    shards = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    fake = fake_model(0.0)
    fake.responder, fake.default = division_model, None
    with tempfile.TemporaryDirectory() as name:
        cwd = Path(name)
        src = cwd / "src"
        src.mkdir()
        for n in range(count):
            body = BUG if n % 5 == 0 else f"return x + {n}"
            (src / f"m{n:04d}.py").write_text(f"def f{n}(x):\n    {body}\n")
        env = {**env_for(fake, cwd / "cache"), "REVIEWER_FOLDER_MAX_REQUESTS": "100000"}
        args = ["src", "--format", "json", "--no-cache"]
        whole_s, whole, whole_code = run(args, cwd, env)
        print(f"unsharded: {count} files in {whole_s:.2f} s, {len(fake.requests)} requests")
        reports, times = [], []
        for index in range(1, shards + 1):
            before = len(fake.requests)
            seconds, text, _ = run([*args, "--shard", f"{index}/{shards}"], cwd, env)
            report = cwd / f"shard-{index}.json"
            report.write_text(text)
            reports.append(str(report))
            times.append(seconds)
            files = len(json.loads(text)["files"])
            print(f"shard {index}/{shards}: {files} files, {len(fake.requests) - before} "
                  f"requests, {seconds:.2f} s")  # fmt: skip
        merge_s, merged, merged_code = run(["merge", *reports, "--format", "json"], cwd, env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        one, other = json.loads(whole), json.loads(merged)
        same = one["findings"] == other["findings"] and whole_code == merged_code
        union = sorted(f["path"] for f in other["files"]) == sorted(f["path"] for f in one["files"])
        print(f"slowest shard {max(times):.2f} s (side by side in CI) against {whole_s:.2f} s "
              f"unsharded: {whole_s / max(times):.1f}x; merge {merge_s:.2f} s")  # fmt: skip
        print(
            f"union of shards is the selection: {union}; merged equals unsharded (findings "
            f"and exit code {merged_code}): {same}; peak memory of a run {peak:.0f} MB"
        )
    fake.close()


if __name__ == "__main__":
    main()
