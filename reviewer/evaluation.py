"""`reviewer eval CORPUS`: how well the model and prompts find known bugs.

A corpus is a folder of files and a `corpus.toml` that labels the defective ones: each defect a
line range and a category. Files it does not label are clean cases. The normal pipeline reviews
every file; then each defect counts as found when a finding touches its lines (exactly) or comes
within 2 lines of them, and each finding as right when it is within 2 lines of a defect.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.errors import UsageError
from reviewer.result import Finding, ReviewResult

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MANIFEST = "corpus.toml"
NEAR = 2  # lines: a finding this close to a defect counts as finding it


@dataclass(frozen=True)
class Defect:
    first: int
    last: int
    category: str | None = None


@dataclass
class Case:
    file: Path
    defects: list[Defect]
    key: str = ""  # the path as the review reports it
    name: str = ""  # the path within the corpus, as the report shows it

    @property
    def clean(self) -> bool:
        return not self.defects


def _defect(raw: Any, where: str) -> Defect:
    try:
        first, last = (int(n) for n in raw["lines"])
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"{where}: each defect needs lines = [first, last]") from None
    category = raw.get("category")
    return Defect(min(first, last), max(first, last), str(category) if category else None)


def load_corpus(folder: Path) -> list[Case]:
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder: name a corpus folder holding {MANIFEST}")
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise UsageError(f"{folder} has no {MANIFEST} labelling its defects")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{manifest}: {exc}") from None
    labelled: dict[Path, list[Defect]] = {}
    for number, entry in enumerate(data.get("case", []), 1):
        where = f"{manifest} case {number}"
        if not isinstance(entry, dict) or "file" not in entry:
            raise UsageError(f'{where}: needs file = "..."')
        path = folder / str(entry["file"])
        if not path.is_file():
            raise UsageError(f"{where}: {entry['file']} is not in the corpus")
        labelled[path] = [_defect(raw, where) for raw in entry.get("defects", [])]
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts
    )
    return [
        Case(path, labelled.get(path, []), name=path.relative_to(folder).as_posix())
        for path in files
    ]


def _distance(finding: Finding, defect: Defect) -> int:
    if finding.end_line < defect.first:
        return defect.first - finding.end_line
    if finding.line > defect.last:
        return finding.line - defect.last
    return 0


@dataclass
class CaseScore:
    file: str
    defects: int
    findings: int
    exact: int  # defects with a finding on their lines
    near: int  # defects with a finding within NEAR lines
    false_positives: int


@dataclass(frozen=True)
class FailedCase:
    file: str
    reason: str


@dataclass
class Report:
    """Scores over the cases that were reviewed; the cases that failed are listed apart, never
    scored as if the model had found nothing in them."""

    cases: list[CaseScore] = field(default_factory=list)
    failed: list[FailedCase] = field(default_factory=list)
    total: int = 0  # cases in the corpus
    recall: float = 0.0
    precision: float = 0.0
    f1: float = 0.0
    exact_rate: float = 0.0
    false_positives_per_clean_file: float = 0.0
    grounding_dropped: int = 0
    verifier_dropped: int = 0
    result: ReviewResult | None = None


def score(cases: list[Case], result: ReviewResult) -> Report:
    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    # Skipped or failed: not reviewed, so not scored (as finding nothing would be).
    failures = {item.path: f"skipped ({item})" for item in result.skipped}
    failures.update((item.path, str(item)) for item in result.failed)
    report = Report(result=result, total=len(cases))
    reviewed = [case for case in cases if case.key not in failures]
    report.failed = [
        FailedCase(case.name or case.key, failures[case.key])
        for case in cases
        if case.key in failures
    ]
    total_defects = found_near = found_exact = right = findings_total = clean_fp = 0
    for case in reviewed:
        findings = by_file.get(case.key, [])
        exact = sum(any(_distance(f, d) == 0 for f in findings) for d in case.defects)
        near = sum(any(_distance(f, d) <= NEAR for f in findings) for d in case.defects)
        correct = sum(any(_distance(f, d) <= NEAR for d in case.defects) for f in findings)
        wrong = len(findings) - correct
        report.cases.append(
            CaseScore(case.name or case.key, len(case.defects), len(findings), exact, near, wrong)
        )
        total_defects += len(case.defects)
        found_near += near
        found_exact += exact
        right += correct
        findings_total += len(findings)
        if case.clean:
            clean_fp += len(findings)
    clean = sum(case.clean for case in reviewed)
    report.recall = found_near / total_defects if total_defects else 0.0
    report.precision = right / findings_total if findings_total else 0.0
    both = report.recall + report.precision
    report.f1 = 2 * report.recall * report.precision / both if both else 0.0
    report.exact_rate = found_exact / total_defects if total_defects else 0.0
    report.false_positives_per_clean_file = clean_fp / clean if clean else 0.0
    report.grounding_dropped = result.dropped.get("ungrounded", 0)
    report.verifier_dropped = result.dropped.get("self-check", 0)
    return report
