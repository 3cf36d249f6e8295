"""The report of `reviewer eval`, as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from reviewer.evaluation import NEAR, Report
from reviewer.render.text import usage_facts


def eval_document(report: Report) -> dict[str, Any]:
    result = report.result
    usage = result.usage if result is not None else None
    return {
        "version": 1,
        "recall": round(report.recall, 4),
        "precision": round(report.precision, 4),
        "f1": round(report.f1, 4),
        "exact_line_rate": round(report.exact_rate, 4),
        f"within_{NEAR}_lines_rate": round(report.recall, 4),  # how recall is counted
        "false_positives_per_clean_file": round(report.false_positives_per_clean_file, 4),
        "dropped": {"grounding": report.grounding_dropped, "verifier": report.verifier_dropped},
        "usage": None if usage is None else {
            "requests": usage.requests, "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens, "cached": usage.cached,
            "cost_usd": usage.cost,
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
    rows += [
        "",
        f"{len(report.cases)} cases: {len(report.cases) - clean} with {defects} defects, "
        f"{clean} clean.",
        f"recall {report.recall:.2f}, precision {report.precision:.2f}, F1 {report.f1:.2f}; "
        f"on the exact lines {report.exact_rate:.0%}, within {NEAR} lines {report.recall:.0%}; "
        f"{report.false_positives_per_clean_file:.2f} false positives per clean file.",
        f"Removed before scoring: {report.grounding_dropped} by grounding (quote not in the "
        f"code), {report.verifier_dropped} by the verifier.",
    ]
    if report.result is not None:
        rows.append("; ".join(usage_facts(report.result)) + ".")
    return "\n".join(rows) + "\n"
