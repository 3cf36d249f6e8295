"""A `--format json` report read back into a ReviewResult (what `reviewer merge` combines): the
inverse of render/jsonout.py for everything a report renders from. Pure."""

from __future__ import annotations

from typing import Any, cast

from reviewer.contract import CATEGORIES, SEVERITY_RANK
from reviewer.render.jsonout import JSON_VERSION
from reviewer.result import FileReview, Finding, Fix, ReviewResult, Skipped, Usage


class NotAReport(ValueError):
    """Not a reviewer JSON report (or one of another version): the message says why."""


def _finding(item: dict[str, Any]) -> Finding:
    if item["severity"] not in SEVERITY_RANK or item["category"] not in CATEGORIES:
        raise NotAReport(f"a finding of unknown severity or category: {item['title']!r}")
    fix, before = item.get("fix"), item.get("fix_replaces")
    lines = int(item["end_line"]) - int(item["line"]) + 1
    before = tuple(str(line) for line in before) if isinstance(before, list) else ("",) * lines
    return Finding(
        path=str(item["path"]), line=int(item["line"]), end_line=int(item["end_line"]),
        severity=item["severity"], category=item["category"], title=str(item["title"]),
        message=str(item["message"]), suggestion=item.get("suggestion"),
        quote=str(item.get("quote") or ""), grounded=bool(item.get("grounded", True)),
        fix=Fix(before, tuple(str(fix).split("\n"))) if fix is not None else None,
    )  # fmt: skip


def _skipped(item: dict[str, Any]) -> Skipped:
    return Skipped(str(item["path"]), item["reason"], str(item.get("detail") or ""))


def read_report(document: Any) -> ReviewResult:
    """The result a JSON report was rendered from; NotAReport when it is not one."""
    if not isinstance(document, dict) or document.get("version") != JSON_VERSION:
        raise NotAReport(f"not a reviewer JSON report of version {JSON_VERSION}")
    if document.get("dry_run"):
        raise NotAReport("a dry run's plan, not a report")
    try:
        findings = [_finding(item) for item in document["findings"]]
        files = tuple(
            FileReview(str(f["path"]), int(f["score"]), str(f.get("summary") or ""),
                       tuple(x for x in findings if x.path == f["path"]))
            for f in document["files"]
        )  # fmt: skip
        usage_doc = document.get("usage") or {}
        usage = Usage(
            requests=int(usage_doc.get("requests", 0)),
            prompt_tokens=int(usage_doc.get("prompt_tokens", 0)),
            completion_tokens=int(usage_doc.get("completion_tokens", 0)),
            cached=int(usage_doc.get("cached", 0)),
            seconds=float(usage_doc.get("seconds", 0.0)),
            cost=usage_doc.get("cost_usd"),
            largest_prompt=int(usage_doc.get("largest_request_tokens", 0)),
            cached_prompt_tokens=int(usage_doc.get("cached_prompt_tokens", 0)),
        )
        coverage = document.get("coverage") or {}
        return ReviewResult(
            files=files,
            skipped=tuple(_skipped(item) for item in document["skipped"]),
            usage=usage,
            warnings=tuple(str(w) for w in document.get("warnings", [])),
            dropped=cast(Any, dict(document.get("dropped", {}))),
            coverage=(int(coverage.get("lines", 0)), int(coverage.get("of", 0))),
            failed=tuple(_skipped(item) for item in document.get("failed", [])),
            redactions=int(document.get("redactions", 0)),
            fixes_dropped=cast(Any, dict(document.get("fixes_dropped", {}))),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, NotAReport):
            raise
        raise NotAReport(f"a report without the expected shape ({exc})") from None
