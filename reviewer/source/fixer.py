"""`--fix`: the findings' fixes written into the work tree, as `ruff --fix` writes its own. A fix
is applied only where its lines are still exactly as reviewed, never over another fix, and a
file is rewritten whole and atomically, keeping its mode, its byte order mark, each line's
ending and whether it ends with a newline. The index is never touched: what changed is the
user's to look at and stage. Nothing is written outside the tree under review, whatever links
its paths pass through."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.contract import SEVERITY_RANK
from reviewer.result import Finding, Fix
from reviewer.source.confine import confined

_BOM = "\ufeff"


@dataclass
class FixReport:
    applied: list[Finding] = field(default_factory=list)
    # Fixes not applied, with why (their findings stay).
    refused: list[tuple[Finding, str]] = field(default_factory=list)


@dataclass
class _Text:
    """A file as lines without their endings, and each line's ending ('' for a last line
    without one)."""

    bom: bool
    lines: list[str]
    ends: list[str]

    @classmethod
    def parse(cls, text: str) -> _Text:
        bom = text.startswith(_BOM)
        pieces = text.removeprefix(_BOM).split("\n")
        last = pieces.pop()  # '' when the file ends with a newline
        lines, ends = [], []
        for piece in pieces:
            crlf = piece.endswith("\r")
            lines.append(piece[:-1] if crlf else piece)
            ends.append("\r\n" if crlf else "\n")
        if last:
            lines.append(last)
            ends.append("")
        return cls(bom, lines, ends)

    def render(self) -> str:
        body = "".join(line + end for line, end in zip(self.lines, self.ends, strict=True))
        return (_BOM if self.bom else "") + body

    def find(self, before: Sequence[str], near: int) -> int | None:
        """Where the lines `before` are now: at `near` (0-based) if still there, else the one
        place they occur, else None."""
        size = len(before)
        if self.lines[near : near + size] == list(before):
            return near
        spots = [
            start
            for start in range(len(self.lines) - size + 1)
            if self.lines[start : start + size] == list(before)
        ]
        return spots[0] if len(spots) == 1 else None

    def replace(self, start: int, fix: Fix) -> None:
        stop = start + len(fix.before)
        # New lines end as the first line they replace did; the last keeps the last one's ending,
        # so a file without a final newline still has none.
        first, last = self.ends[start], self.ends[stop - 1]
        ends = [first] * (len(fix.after) - 1) + [last]
        self.lines[start:stop] = list(fix.after)
        self.ends[start:stop] = ends


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path`'s content in one step (a crash leaves the old file or the new, never half
    of one), keeping its mode; a symbolic link stays a link to the file it names (which
    `apply_fixes` has checked to be inside the tree)."""
    target = path.resolve()
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fix_file(path: Path, findings: Sequence[Finding], report: FixReport, shown: str) -> None:
    try:
        text = _Text.parse(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "no longer UTF-8 text"
        report.refused += [(f, f"cannot read {shown}: {why}") for f in findings]
        return
    taken: list[tuple[int, int, Finding, Fix]] = []
    # The most severe first, so that of two overlapping fixes it is the one applied.
    for finding in sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.line)):
        fix = finding.fix
        assert fix is not None
        start = text.find(fix.before, finding.line - 1)
        if start is None:
            report.refused.append((finding, "its lines changed since the review"))
            continue
        stop = start + len(fix.before)
        if any(start < other_stop and other_start < stop for other_start, other_stop, *_ in taken):
            report.refused.append((finding, "it overlaps another fix"))
            continue
        taken.append((start, stop, finding, fix))
    if not taken:
        return
    for start, _stop, _finding, fix in sorted(taken, key=lambda item: -item[0]):
        text.replace(start, fix)
    try:
        write_atomically(path, text.render().encode("utf-8"))
    except OSError as exc:
        why = f"cannot write {shown}: {exc.strerror}"
        report.refused += [(finding, why) for _, _, finding, _ in taken]
        return
    report.applied += [finding for _, _, finding, _ in sorted(taken, key=lambda item: item[0])]


def apply_fixes(findings: Sequence[Finding], base: Path) -> FixReport:
    """Write the fixes of `findings` into the files under `base` (the paths are relative to
    it); return what was applied, and what was not and why. `base` is the repository's root,
    or outside one the working directory, and no file is written whose real path, every link on
    it followed (the file's own too), is not inside it: the repository's links are its
    authors', and may lead anywhere."""
    report = FixReport()
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fix is not None:
            by_path.setdefault(finding.path, []).append(finding)
    tree = "the repository" if (base / ".git").exists() else "the working directory"
    for shown, fixable in by_path.items():
        inside = confined(base / shown, base)
        if inside is None:
            report.refused += [(finding, f"outside {tree}") for finding in fixable]
            continue
        _fix_file(inside, fixable, report, shown)
    return report
