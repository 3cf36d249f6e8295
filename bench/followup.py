"""What a second push to a pull request costs: a pull request that changes 40 lines in each of
FILES files is reviewed and posted (against the strict fake GitHub), then a push changes one
line of one file. Prints the requests and prompt characters of the second push reviewed
incrementally (the default) and in full (`--full`, no cache: a CI runner keeps none), and the
ratio.

    python bench/followup.py [FILES]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import ROOT, env_for, fake_model, git, timed

from tests.fakegithub import FakeGitHub

TOKEN = "ghs_bench"


def prompt_chars(requests: list[Any]) -> int:
    return sum(len(str(m.get("content"))) for r in requests for m in r.messages)


def head_of(folder: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    model = fake_model(0.0)
    schemas = json.loads((ROOT / "tests/contracts/github/request_bodies.json").read_text())
    github = FakeGitHub(schemas, TOKEN, page_size=100)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "repo"
        folder.mkdir()
        git(folder, "init", "-q", "-b", "main")
        for n in range(count):
            (folder / f"m{n:02d}.py").write_text("".join(f"x{i} = {i}\n" for i in range(80)))
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", "base")
        git(folder, "switch", "-q", "-c", "feature")
        for n in range(count):
            path = folder / f"m{n:02d}.py"
            lines = path.read_text().splitlines(keepends=True)
            lines[20:60] = [f"y{i} = compute({i}, {n})\n" for i in range(40)]
            path.write_text("".join(lines))
        git(folder, "commit", "-q", "-am", "first push")
        event = Path(name) / "event.json"
        env = {
            **env_for(model, Path(name) / "cache"), "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": "o/app", "GITHUB_EVENT_PATH": str(event),
            "GITHUB_API_URL": github.url, "GITHUB_TOKEN": TOKEN,
        }  # fmt: skip

        def push(*extra: str) -> tuple[int, int, float]:
            head = head_of(folder)
            event.write_text(json.dumps({"pull_request": {"number": 7, "head": {"sha": head}}}))
            before = len(model.requests)
            seconds, _ = timed(["--diff", f"main...{head}", "--post", "--no-cache", *extra],
                               folder, env)  # fmt: skip
            sent = model.requests[before:]
            return len(sent), prompt_chars(sent), seconds

        first = push()
        path = folder / "m00.py"
        path.write_text(path.read_text().replace("y10 = compute(10, 0)", "y10 = compute(10, 1)"))
        git(folder, "commit", "-q", "-am", "second push")
        incremental = push()
        full = push("--full")
        print(f"first push, {count} files x 40 lines: {first[0]} requests, "
              f"{first[1]:,} prompt characters")  # fmt: skip
        print(f"second push (one line), incremental: {incremental[0]} requests, "
              f"{incremental[1]:,} prompt characters, {incremental[2]:.2f} s")  # fmt: skip
        print(f"second push (one line), --full: {full[0]} requests, {full[1]:,} prompt "
              f"characters, {full[2]:.2f} s")  # fmt: skip
        print(f"incremental / full: {incremental[1] / full[1]:.3f} of the prompt characters")
    github.close()
    model.close()


if __name__ == "__main__":
    main()
