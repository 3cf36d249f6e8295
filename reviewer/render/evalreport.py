"""The report of `reviewer eval`, as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from reviewer.evaluation import NEAR, Report
from reviewer.render.text import usage_facts


def _scores(report: Report) -> dict[str, float | None]:
    """The figures, or null when no case was reviewed: no score is better than a perfect one
    for a run that reviewed nothing."""
    figures = {
        "recall": report.recall,
        "precision": report.precision,
        "f1": report.f1,
        "exact_line_rate": report.exact_rate,
        f"within_{NEAR}_lines_rate": report.recall,  # how recall is counted
        "false_positives_per_clean_file": report.false_positives_per_clean_file,
    }
    return {key: round(value, 4) if report.cases else None for key, value in figures.items()}


def eval_document(report: Report) -> dict[str, Any]:
    result = report.result
    usage = result.usage if result is not None else None
    return {
        "version": 1,
        "cases_reviewed": len(report.cases),
        "cases_total": report.total,
        "failed": [{"file": item.file, "reason": item.reason} for item in report.failed],
        **_scores(report),
        "dropped": {"grounding": report.grounding_dropped, "verifier": report.verifier_dropped},
        "usage": None if usage is None else {
            "requests": usage.requests, "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens, "cached": usage.cached,
            "cost_usd": usage.cost, "seconds": round(usage.seconds, 3),
        },
        "cases": [case.__dict__ for case in report.cases],
    }  # fmt: skip


def render_eval_json(report: Report) -> str:
    return json.dumps(eval_document(report), indent=2) + "\n"


def render_eval_text(report: Report) -> str:
    width = max((len(case.file) for case in report.cases), default=4)
    rows = [f"{'file':<{width}}  defects  findings  exact  near  false+"]
    for case in report.cases:
        rows.append(
            f"{case.file:<{width}}  {case.defects:>7}  {case.findings:>8}  {case.exact:>5}  "
            f"{case.near:>4}  {case.false_positives:>6}"
        )
    defects = sum(case.defects for case in report.cases)
    clean = sum(case.defects == 0 for case in report.cases)
    rows.append("")
    if report.failed:
        rows.append(f"Not reviewed, so not scored ({len(report.failed)} of {report.total} cases):")
        rows += [f"  {item.file}: {item.reason}" for item in report.failed]
        rows.append("")
    rows += [
        f"Reviewed {len(report.cases)} of {report.total} cases: {len(report.cases) - clean} "
        f"with {defects} defects, {clean} clean.",
        (
            f"recall {report.recall:.2f}, precision {report.precision:.2f}, F1 {report.f1:.2f}; "
            f"on the exact lines {report.exact_rate:.0%}, within {NEAR} lines "
            f"{report.recall:.0%}; {report.false_positives_per_clean_file:.2f} false positives "
            "per clean file."
        )
        if report.cases
        else "No figures: no case was reviewed.",
        f"Removed before scoring: {report.grounding_dropped} by grounding (quote not in the "
        f"code), {report.verifier_dropped} by the verifier.",
    ]
    if report.result is not None:
        rows.append("; ".join(usage_facts(report.result)) + ".")
    return "\n".join(rows) + "\n"
