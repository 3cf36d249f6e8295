"""Packing small changes (`pack_tokens`): a pull request of FILES small files with one changed
line each, reviewed with packing (the default) and without (`pack_tokens = 0`), against a
zero-latency fake that reports the same problem in every file it is shown. Prints requests and
prompt characters of each, whether the findings are the same on the same lines, and the prompt
characters of a single one-line change (packing leaves it alone).

    python bench/packing.py [FILES]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import BUG, division_model, env_for, git, timed

from tests.fakeapi import FakeAPI


def chars(requests: list[Any]) -> int:
    return sum(len(str(m.get("content"))) for r in requests for m in r.messages)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    fake = FakeAPI()
    fake.responder = division_model
    with tempfile.TemporaryDirectory() as name:
        cwd = Path(name)
        git(cwd, "init", "-q")
        names = [f"m{n:02d}.py" for n in range(count)]
        for number, file in enumerate(names):
            (cwd / file).write_text(f"def f{number}(x):\n    return x + {number}\n")
        git(cwd, "add", "-A")
        git(cwd, "commit", "-qm", "base")
        for number, file in enumerate(names):
            body = BUG if number % 4 == 0 else f"return x - {number}"
            (cwd / file).write_text(f"def f{number}(x):\n    {body}\n")
        git(cwd, "add", "-A")
        env = env_for(fake, cwd / "cache")
        runs = {}
        for label, tokens in (("packed", None), ("unpacked", "0")):
            before = len(fake.requests)
            run_env = {**env, **({"REVIEWER_PACK_TOKENS": tokens} if tokens else {})}
            seconds, done = timed(["--staged", "--no-cache", "--format", "json"], cwd, run_env)
            sent = fake.requests[before:]
            found = [(f["path"], f["line"]) for f in json.loads(done.stdout)["findings"]]
            runs[label] = (len(sent), chars(sent), found, seconds)
            print(
                f"{count} files, one changed line each, {label}: {len(sent)} requests, "
                f"{chars(sent):,} prompt characters, {len(found)} findings, {seconds:.2f} s"
            )
        same = runs["packed"][2] == runs["unpacked"][2]
        ratio = runs["packed"][1] / runs["unpacked"][1]
        print(
            f"same findings on the same lines: {same}; packed/unpacked prompt characters: "
            f"{ratio:.3f} (target: at most 15,000 in all)"
        )
        before = len(fake.requests)
        git(cwd, "reset", "-q")
        git(cwd, "add", names[0])
        timed(["--staged", "--no-cache"], cwd, env)
        print(f"a single one-line change: {chars(fake.requests[before:]):,} prompt characters "
              "(target: no more than before this change; 3,437 at 46e2aef)")  # fmt: skip
    fake.close()


if __name__ == "__main__":
    main()
