"""Start-up cost, felt on every commit: `reviewer --version`, a `--dry-run` of one file, and a
`--staged --dry-run` of one staged change (the hook's path, through gitpython), each against
`python -c pass`, measured in one run (medians of N runs; ratios are what count).

    python bench/startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REVIEWER_"))}
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "app.py").write_text("def f(xs):\n    return xs[0]\n")
        git = ["git", "-c", "user.name=b", "-c", "user.email=b@b"]
        subprocess.run([*git, "init", "-q"], cwd=cwd, check=True)
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "start"], cwd=cwd, check=True)
        subprocess.run([*git, "add", "app.py"], cwd=cwd, check=True)
        python = [sys.executable]
        base = median_seconds([*python, "-c", "pass"], runs, cwd, env)
        cases = {
            "reviewer --version": [*python, "-m", "reviewer", "--version"],
            "reviewer app.py --dry-run": [*python, "-m", "reviewer", "app.py", "--dry-run"],
            "reviewer --staged --dry-run": [*python, "-m", "reviewer", "--staged", "--dry-run"],
            "python -c 'import openai'": [*python, "-c", "import openai"],
        }
        print(f"python -c pass: {base * 1000:.0f} ms (median of {runs})")
        for name, command in cases.items():
            seconds = median_seconds(command, runs, cwd, env)
            print(f"{name}: {seconds * 1000:.0f} ms, {seconds / base:.1f}x python -c pass")


if __name__ == "__main__":
    main()
