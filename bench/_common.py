"""Shared by the bench scripts: the loopback fake with a chosen latency, and timed runs of the
real command line in a fresh process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakeapi import FakeAPI, Reply, Request, chat, issue, review_json  # noqa: E402

REVIEWER = [sys.executable, "-m", "reviewer"]


def fake_model(latency: float, reply: str | None = None) -> FakeAPI:
    """A fake that answers every request after `latency` seconds."""
    fake = FakeAPI()
    answer: Reply = chat(reply or review_json(8, "Looks fine."))
    answer.delay = latency
    fake.default = answer
    return fake


def env_for(fake: FakeAPI, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REVIEWER_"))}
    env.update(
        OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=fake.url, REVIEWER_CACHE_DIR=str(cache),
        PYTHONPATH=str(ROOT),
    )  # fmt: skip
    return env


Done = subprocess.CompletedProcess[str]


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, Done]:
    start = time.perf_counter()
    done = subprocess.run([*REVIEWER, *args], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"reviewer {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return seconds, done


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def small_files(cwd: Path, count: int) -> list[str]:
    """`count` small Python files in `cwd`, distinct so that none is a cache hit for another."""
    names = [f"m{n:02d}.py" for n in range(count)]
    for number, name in enumerate(names):
        (cwd / name).write_text(f"def f{number}(x):\n    return x + {number}\n")
    return names


def arguments(files: int, latency: float) -> tuple[int, float]:
    """[FILES] [LATENCY] from the command line, with these defaults."""
    given = sys.argv[1:]
    return (int(given[0]) if given else files), (float(given[1]) if len(given) > 1 else latency)


BUG = "return x / 0"


def division_model(request: Request) -> Reply:
    """A model that reports `return x / 0` on the line it is shown on, in every file of the
    request, in the shape the request asks for (a packed request's issues name their file)."""
    text = "\n".join(str(m.get("content")) for m in request.messages if m["role"] == "user")
    parts = re.split(r"<path-[0-9a-f]{16}>(.*?)</path-[0-9a-f]{16}>", text)
    issues, files = [], []
    for path, block in zip(parts[1::2], parts[2::2], strict=True):
        hit = re.search(rf"(?m)^\s*(\d+)[ +]*\| +{re.escape(BUG)}$", block)
        if hit:
            issues.append({**issue(int(hit.group(1)), "Division by zero", quote=BUG), "path": path})
        files.append({"path": path, "score": 4 if hit else 9, "summary": "Checked."})
    if len(files) == 1:
        plain = [{k: v for k, v in i.items() if k != "path"} for i in issues]
        return chat(review_json(files[0]["score"], "Checked.", plain))
    return chat(json.dumps({**json.loads(review_json(4, "Several.", issues)), "files": files}))
