"""Secret redaction: recall on each secrets corpus, false positives on its look-alikes, and the
time to redact 75,000 lines of ordinary code (the standard library's Python sources, file by
file as reviews send them).

The corpora: ours (tests/secrets_corpus.py), the development corpora built from other scanners'
rule examples and detector tests, and the held-out corpus, which is measured and never tuned to
(`--misses` lists what the others miss, never what it misses). With --compare REV, the same
figures for the redactor of git revision REV (its whole package, run beside today's corpora).

    python bench/redaction.py [--compare REV] [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_ROOT = os.environ.get("REDACTION_PACKAGE_ROOT")  # an earlier revision's package
sys.path.insert(0, str(ROOT))
if PACKAGE_ROOT:
    sys.path.insert(0, PACKAGE_ROOT)

from reviewer.trust.redact import redact_lines  # noqa: E402
from tests import secrets_corpus  # noqa: E402
from tests.secrets_corpora import DEVELOPMENT, HELD_OUT, Corpus, load  # noqa: E402

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


def corpora() -> list[tuple[Corpus, bool]]:
    """Each corpus, and whether its misses may be shown."""
    ours = Corpus(
        "ours", "tests/secrets_corpus.py", secrets_corpus.SECRETS, secrets_corpus.LOOKALIKES
    )
    return (
        [(ours, True)]
        + [(load(n), True) for n in DEVELOPMENT]
        + [(load(n), False) for n in HELD_OUT]
    )


def caught(redact: Redact, lines: Sequence[str], secret: str) -> bool:
    out = redact(list(lines))
    return len(out) == len(lines) and secret not in "\n".join(out)


def figures(redact: Redact, misses: bool) -> dict[str, object]:
    result: dict[str, object] = {}
    for corpus, show in corpora():
        missed = [case for case in corpus.secrets if not caught(redact, case.lines, case.secret)]
        changed = [line for line in corpus.lookalikes if redact([line]) != [line]]
        if misses and show:
            for case in missed:
                print(f"  {corpus.name}: missed {case.kind} ({case.syntax}): {case.lines!r}"[:300])
            for line in changed:
                print(f"  {corpus.name}: changed {line[:120]!r} -> {redact([line])[0][:120]!r}")
        result[corpus.name] = {
            "secrets": len(corpus.secrets),
            "kinds": len({case.kind for case in corpus.secrets}),
            "caught": len(corpus.secrets) - len(missed),
            "lookalikes": len(corpus.lookalikes),
            "changed": len(changed),
        }
    files = ordinary_code()
    start = time.perf_counter()
    touched = 0
    for lines in files:
        out = redact(lines)
        touched += sum(a != b for a, b in zip(lines, out, strict=True))
    result["ordinary"] = {
        "lines": sum(len(lines) for lines in files),
        "seconds": time.perf_counter() - start,
        "changed": touched,
    }
    return result


def _share(part: float, whole: float) -> str:
    return f"{part:.0f}/{whole:.0f} = {part / max(whole, 1):.1%}"


def report(name: str, result: dict[str, dict[str, float]]) -> None:
    print(f"{name}:")
    names = [("ours", False)] + [(n, False) for n in DEVELOPMENT] + [(n, True) for n in HELD_OUT]
    for corpus, held_out in names:
        r = result[corpus]
        label = f"{corpus} (held out)" if held_out else corpus
        recall = _share(r["caught"], r["secrets"])
        changed = _share(r["changed"], r["lookalikes"])
        print(
            f"  {label:24} recall {recall} ({r['kinds']:.0f} kinds); look-alikes changed {changed}"
        )
    o = result["ordinary"]
    lines, seconds, touched = o["lines"], o["seconds"], o["changed"]
    print(f"  {lines:,.0f} lines of ordinary code in {seconds:.2f} s ({touched:.0f} lines changed)")


def at_revision(revision: str) -> dict[str, dict[str, float]]:
    """The figures of REV's package, measured by this script in a child process."""
    folder = tempfile.mkdtemp()
    archive = subprocess.run(
        ["git", "archive", revision, "reviewer"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    out = subprocess.run(
        [sys.executable, __file__, "--json"],
        env={**os.environ, "REDACTION_PACKAGE_ROOT": folder},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", metavar="REV", help="also measure the redactor of REV")
    parser.add_argument("--misses", action="store_true", help="list misses (not the held-out's)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    redact: Redact = lambda lines: list(redact_lines(lines, Counter()))  # noqa: E731
    if args.json:
        print(json.dumps(figures(redact, misses=False)))
        return
    if args.compare:
        report(f"at {args.compare}", at_revision(args.compare))
    report("now", figures(redact, args.misses))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
