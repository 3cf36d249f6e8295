"""Secret redaction: recall on the secrets corpus, false positives on its look-alikes, and the
time to redact 75,000 lines of ordinary code (the standard library's Python sources, file by
file as reviews send them). With --compare REV, the same figures for the redactor of git
revision REV, measured in the same run.

    python bench/redaction.py [--compare REV] [--misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.trust.redact import redact_lines  # noqa: E402
from tests.secrets_corpus import LOOKALIKES, SECRETS  # noqa: E402

Redact = Callable[[Sequence[str]], list[str]]
LINES = 75_000


def ordinary_code() -> list[list[str]]:
    """The standard library's sources, file by file, up to LINES lines."""
    files, total = [], 0
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if "test" in path.parts or total >= LINES:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()[: LINES - total]
        except (UnicodeDecodeError, OSError):
            continue
        files.append(lines)
        total += len(lines)
    return files


def measure(name: str, redact: Redact, files: list[list[str]], misses: bool) -> None:
    caught = 0
    for case in SECRETS:
        out = redact(list(case.lines))
        if len(out) == len(case.lines) and case.secret not in "\n".join(out):
            caught += 1
        elif misses:
            print(f"  missed {case.kind} ({case.syntax}): {case.lines[0][:110]}")
    changed = [line for line in LOOKALIKES if redact([line]) != [line]]
    if misses:
        for line in changed:
            print(f"  changed look-alike: {line[:110]} -> {redact([line])[0][:110]}")
    start = time.perf_counter()
    touched = 0
    for lines in files:
        out = redact(lines)
        touched += sum(a != b for a, b in zip(lines, out, strict=True))
    elapsed = time.perf_counter() - start
    total = sum(len(lines) for lines in files)
    print(
        f"{name}: recall {caught}/{len(SECRETS)} = {caught / len(SECRETS):.1%}; "
        f"false positives {len(changed)}/{len(LOOKALIKES)} = {len(changed) / len(LOOKALIKES):.1%}; "
        f"{total:,} lines of ordinary code in {elapsed:.2f} s ({touched} lines changed)"
    )


def redactor_at(revision: str) -> Redact:
    """The redactor of an earlier revision, loaded from git beside today's package."""
    source = subprocess.run(
        ["git", "show", f"{revision}:reviewer/trust/redact.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "redact_then.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("redact_then", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return lambda lines: list(module.redact_lines(lines, Counter()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", metavar="REV", help="also measure the redactor of REV")
    parser.add_argument("--misses", action="store_true", help="list the misses and changes")
    args = parser.parse_args()
    files = ordinary_code()
    kinds = len({case.kind for case in SECRETS})
    print(f"corpus: {len(SECRETS)} secrets of {kinds} kinds, {len(LOOKALIKES)} look-alikes")
    if args.compare:
        measure(f"at {args.compare}", redactor_at(args.compare), files, args.misses)
    measure("now", lambda lines: redact_lines(lines, Counter()), files, args.misses)


if __name__ == "__main__":
    main()
