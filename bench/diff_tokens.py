"""Prompt tokens for a one-line change in a 3,000-line file: diff mode against whole-file mode,
as the requests the fake receives (estimated the way the budget counts them).

    python bench/diff_tokens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import env_for, fake_model, git, timed

from reviewer.model.tokens import estimate_tokens

LINES = 3000


def main() -> None:
    fake = fake_model(0)
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        source = "".join(
            f"def handler_{n}(request):\n    value = request.get('k{n}')\n"
            f"    return value or {n}\n\n"
            for n in range(LINES // 4)
        )
        (cwd / "big.py").write_text(source)
        git(cwd, "init", "-q")
        git(cwd, "add", "big.py")
        git(cwd, "commit", "-qm", "base")
        lines = source.splitlines()
        lines[1501] = "    value = request.get('changed')"
        (cwd / "big.py").write_text("\n".join(lines) + "\n")
        git(cwd, "add", "big.py")
        env = env_for(fake, cwd / "cache")
        timed(["--staged", "--no-cache"], cwd, env)
        diff = [estimate_tokens(r.messages) for r in fake.chat_requests]
        fake.requests.clear()
        timed(["big.py", "--no-cache"], cwd, env)
        whole = [estimate_tokens(r.messages) for r in fake.chat_requests]
    fake.close()
    print(
        f"one changed line in a {len(lines):,}-line file: diff mode {sum(diff):,} prompt tokens "
        f"in {len(diff)} request(s); whole file {sum(whole):,} in {len(whole)}; "
        f"whole/diff {sum(whole) / sum(diff):.0f}x (target: at most 2,000 in diff mode)"
    )


if __name__ == "__main__":
    sys.exit(main())
