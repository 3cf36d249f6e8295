"""A 500-file, 50,000-changed-line diff against a zero-latency fake: wall time, peak memory of
the reviewer process, requests, the largest request's tokens, and coverage.

    python bench/large_diff.py [FILES] [CHANGED_LINES_PER_FILE]
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
from pathlib import Path

from _common import env_for, fake_model, git, timed


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    per_file = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    fake = fake_model(0)
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        for n in range(files):
            body = "".join(f"def f{n}_{k}(x):\n    return x + {k}\n\n" for k in range(50))
            path = cwd / "pkg" / f"mod{n:03d}.py"
            path.parent.mkdir(exist_ok=True)
            path.write_text(body)
        git(cwd, "init", "-q")
        git(cwd, "add", "-A")
        git(cwd, "commit", "-qm", "base")
        for n in range(files):
            path = cwd / "pkg" / f"mod{n:03d}.py"
            lines = path.read_text().splitlines()
            # Every returned value changes, and new lines are added: per_file changed lines.
            changed = 0
            for k in range(1, len(lines), 3):
                if changed == per_file:
                    break
                lines[k] = lines[k].replace("x +", "x * 2 +")
                changed += 1
            lines += [f"VALUE_{n}_{k} = {k}" for k in range(per_file - changed)]
            path.write_text("\n".join(lines) + "\n")
        git(cwd, "add", "-A")
        env = env_for(fake, cwd / "cache")
        seconds, done = timed(["--staged", "--no-cache", "--format", "json"], cwd, env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    fake.close()
    document = json.loads(done.stdout)
    usage, coverage = document["usage"], document["coverage"]
    gaps = [s for s in document["skipped"] if s["reason"] == "too large"]
    print(f"{files} files, {coverage['of']:,} changed lines, zero latency: {seconds:.1f} s wall, "
          f"peak memory {peak_mb:.0f} MB, {usage['requests']} requests, largest request "
          f"{usage['largest_request_tokens']:,} tokens (budget 24,000), coverage "
          f"{coverage['lines']:,}/{coverage['of']:,}, {len(gaps)} gaps listed "
          f"(target: at most 15 s, 300 MB, no request over the budget)")  # fmt: skip


if __name__ == "__main__":
    main()
