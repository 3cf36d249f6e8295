"""Every bench script, one after another; each prints its figures and ratios.

python bench/all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "startup.py",
    "parallel.py",
    "cache.py",
    "diff_tokens.py",
    "large_diff.py",
    "gitlab_post.py",
    "followup.py",
    "packing.py",
    "storm.py",
    "shards.py",
    "redaction.py",
)


def main() -> int:
    failed = 0
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        failed |= subprocess.run([sys.executable, str(HERE / script)], cwd=HERE).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
