"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning. One rule per category; results with
repository-relative URIs, regions, levels and a partial fingerprint that survives line moves."""

from __future__ import annotations

from typing import Any

from reviewer import __version__
from reviewer.contract import CATEGORIES
from reviewer.render.safe import json_text
from reviewer.result import Finding, ReviewResult, fingerprint

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
RULE_TEXT = {
    "bug": "Wrong results, crashes and unhandled cases",
    "security": "Security weaknesses",
    "performance": "Needless work or resource use",
    "maintainability": "Code likely to mislead or break when changed",
    "style": "Style and naming",
    "docs": "Documentation",
    "test": "Tests",
}


def _fixes(finding: Finding) -> dict[str, Any]:
    """SARIF's `fixes`: the finding's whole lines replaced. A region of whole lines without
    columns ends before the last line's newline, so the text joins the lines without one."""
    if finding.fix is None:
        return {}
    replacement = {
        "deletedRegion": {"startLine": finding.line, "endLine": finding.end_line},
        "insertedContent": {"text": finding.fix.text},
    }
    change = {
        "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
        "replacements": [replacement],
    }
    return {"fixes": [{"description": {"text": finding.title}, "artifactChanges": [change]}]}


def sarif_document(result: ReviewResult) -> dict[str, Any]:
    rules = [
        {
            "id": category,
            "name": category.capitalize(),
            "shortDescription": {"text": RULE_TEXT[category]},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["reviewer", category]},
        }
        for category in CATEGORIES
    ]
    index = {category: number for number, category in enumerate(CATEGORIES)}
    results = []
    for finding in result.findings:
        text = f"{finding.title}: {finding.message}"
        if finding.suggestion:
            text += f" Suggestion: {finding.suggestion}"
        results.append(
            {
                "ruleId": finding.category,
                "ruleIndex": index[finding.category],
                "level": LEVELS[finding.severity],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": finding.line, "endLine": finding.end_line},
                        }
                    }
                ],
                "partialFingerprints": {"reviewerFinding/v1": fingerprint(finding)},
                "properties": {"severity": finding.severity},
                **_fixes(finding),
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "reviewer",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                "invocations": [_invocation(result)],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def _invocation(result: ReviewResult) -> dict[str, Any]:
    """Whether the run reviewed everything; each file it could not review, as a notification
    (code scanning lists them on the tool's status page)."""
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{item.path} was not reviewed ({item})"},
            "descriptor": {"id": item.reason.replace(" ", "-")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": item.path, "uriBaseId": "%SRCROOT%"}
                    }
                }
            ],
        }
        for item in result.failed
    ]
    return {
        "executionSuccessful": not result.failed,
        "toolExecutionNotifications": notifications,
    }


def render_sarif(result: ReviewResult) -> str:
    return json_text(sarif_document(result))
