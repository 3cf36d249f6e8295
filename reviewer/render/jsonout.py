"""`--format json`: the contract's JSON output (extra keys are allowed by the contract)."""

from __future__ import annotations

from typing import Any

from reviewer.render.safe import json_text
from reviewer.result import Finding, Plan, ReviewResult, Skipped

JSON_VERSION = 1


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "end_line": finding.end_line,
        "severity": finding.severity,
        "category": finding.category,
        "title": finding.title,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "quote": finding.quote,
        "grounded": finding.grounded,
        "fix": finding.fix.text if finding.fix is not None else None,
        # The lines the fix replaces, as reviewed: a report read back shows the fix as a diff.
        "fix_replaces": list(finding.fix.before) if finding.fix is not None else None,
    }


def _skipped(item: Skipped) -> dict[str, str]:
    document = {"path": item.path, "reason": item.reason}
    if item.detail:
        document["detail"] = item.detail
    return document


def result_document(result: ReviewResult) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "score": result.score,
        "findings": [_finding(finding) for finding in result.findings],
        "files": [
            {"path": review.path, "score": review.score, "summary": review.summary}
            for review in result.files
        ],
        "skipped": [_skipped(item) for item in result.skipped],
        "failed": [
            {"path": item.path, "reason": item.reason, "detail": item.why} for item in result.failed
        ],
        "usage": {
            "requests": result.usage.requests,
            "prompt_tokens": result.usage.prompt_tokens,
            "completion_tokens": result.usage.completion_tokens,
            "cached": result.usage.cached,
            "cached_prompt_tokens": result.usage.cached_prompt_tokens,
            "seconds": round(result.usage.seconds, 3),
            "cost_usd": None if result.usage.cost is None else round(result.usage.cost, 6),
            "largest_request_tokens": result.usage.largest_prompt,
        },
        "coverage": {"lines": result.coverage[0], "of": result.coverage[1]},
        "redactions": result.redactions,
        "dropped": dict(sorted(result.dropped.items())),
        "fixes_dropped": dict(sorted(result.fixes_dropped.items())),
        "fixed": [_finding(finding) for finding in result.fixed],
        "warnings": list(result.warnings),
    }


def render_json(result: ReviewResult) -> str:
    return json_text(result_document(result))


def render_plan_json(plan: Plan) -> str:
    document = {
        "version": JSON_VERSION,
        "dry_run": True,
        "units": [
            {
                "path": unit.path,
                "estimated_prompt_tokens": unit.tokens,
                "rules": list(unit.rules),
                "messages": unit.messages,
            }
            for unit in plan.units
        ],
        "skipped": [_skipped(item) for item in plan.skipped],
        "estimate": {
            "requests": plan.requests,
            "prompt_tokens": sum(unit.tokens for unit in plan.units)
            * (plan.requests // len(plan.units) if plan.units else 1),
            "completion_tokens": plan.completion_tokens,
            "cost_usd": None if plan.cost is None else round(plan.cost, 6),
            "max_cost_usd": plan.max_cost,
        },
    }
    return json_text(document)
