"""16 files at 1 s of provider latency: --jobs 8 against --jobs 1, in one run.

python bench/parallel.py [FILES] [LATENCY]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import arguments, env_for, fake_model, small_files, timed


def main() -> None:
    count, latency = arguments(16, 1.0)
    fake = fake_model(latency)
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        names = small_files(cwd, count)
        env = env_for(fake, cwd / "cache")
        parallel, _ = timed([*names, "--jobs", "8", "--no-cache"], cwd, env)
        serial, _ = timed([*names, "--jobs", "1", "--no-cache"], cwd, env)
    fake.close()
    print(f"{count} files at {latency:g} s latency: --jobs 8 {parallel:.2f} s, --jobs 1 "
          f"{serial:.2f} s; serial/parallel {serial / parallel:.1f}x "
          f"(target: at most 2.5 s with 8 jobs)")  # fmt: skip


if __name__ == "__main__":
    main()
