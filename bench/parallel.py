"""16 files at 1 s of provider latency: --jobs 8 against --jobs 1, in one run.

python bench/parallel.py [FILES] [LATENCY]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import env_for, fake_model, timed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    fake = fake_model(latency)
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        names = [f"m{n:02d}.py" for n in range(count)]
        for number, name in enumerate(names):
            (cwd / name).write_text(f"def f{number}(x):\n    return x + {number}\n")
        env = env_for(fake, cwd / "cache")
        parallel, _ = timed([*names, "--jobs", "8", "--no-cache"], cwd, env)
        serial, _ = timed([*names, "--jobs", "1", "--no-cache"], cwd, env)
    fake.close()
    print(f"{count} files at {latency:g} s latency: --jobs 8 {parallel:.2f} s, --jobs 1 "
          f"{serial:.2f} s; serial/parallel {serial / parallel:.1f}x "
          f"(target: at most 2.5 s with 8 jobs)")  # fmt: skip


if __name__ == "__main__":
    main()
