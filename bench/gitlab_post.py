"""What posting to a GitLab merge request costs, against the strict fake GitLab on 127.0.0.1:
requests and seconds for a first run that posts a finding on each of N changed files, for a
second run that finds them all posted (what every later push costs), and how many positions
GitLab refused (should be none: each is checked against the merge request's own diff first).

    python bench/gitlab_post.py [FILES]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.platforms.gitlab.api import GitLabAPI  # noqa: E402
from reviewer.platforms.gitlab.context import GitLabContext  # noqa: E402
from reviewer.platforms.gitlab.post import publish  # noqa: E402
from reviewer.result import FileReview, Finding, ReviewResult  # noqa: E402
from tests.fakegitlab import FakeGitLab  # noqa: E402

TOKEN = "glpat-bench"


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=b", "-c", "user.email=b@b", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        git(folder, "init", "-q")
        for n in range(count):
            (folder / f"m{n}.py").write_text("".join(f"x{i} = {i}\n" for i in range(60)))
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", "base")
        base = git(folder, "rev-parse", "HEAD").strip()
        reviews = []
        for n in range(count):
            path = folder / f"m{n}.py"
            path.write_text(path.read_text().replace("x30 = 30\n", "x30 = 30 / 0\n"))
            # One on the changed line, one off the diff (to the summary).
            on = Finding(f"m{n}.py", 31, 31, "high", "bug", "Division by zero", "m", quote="0")
            off = Finding(f"m{n}.py", 2, 2, "low", "style", "Name", "m", quote="x1")
            reviews.append(FileReview(f"m{n}.py", 4, "s", (off, on)))
        git(folder, "commit", "-q", "-am", "change")
        head = git(folder, "rev-parse", "HEAD").strip()
        server = FakeGitLab(TOKEN, page_size=100)
        server.add_version(folder, base, head)
        ctx = GitLabContext(server.url, "42", "https://gl.example/g/app", "merge_request_event",
                            TOKEN, True, 7, base, head)  # fmt: skip
        result = ReviewResult(files=tuple(reviews))
        for label in ("first run", "next push, all posted already"):
            before = len(server.calls)
            api = GitLabAPI(server.url, TOKEN)
            start = time.perf_counter()
            warnings = publish(result, ctx, api)
            seconds = time.perf_counter() - start
            api.close()
            calls = Counter(c.method for c in server.calls[before:])
            made = ", ".join(f"{n} {m}" for m, n in sorted(calls.items()))
            print(f"{label}: {sum(calls.values())} requests ({made}) in {seconds:.2f} s; "
                  f"{len(warnings)} warnings")  # fmt: skip
        print(
            f"discussions: {len(server.notes(diff=True))} for {count} findings on the diff; "
            f"summary notes: {len(server.notes(diff=False))}; refused: {len(server.refused)}"
        )
        server.close()


if __name__ == "__main__":
    main()
