"""`--format json`: the contract's document, valid against the output schema, from a result."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from reviewer.render.jsonout import render_json, render_plan_json
from reviewer.result import FileReview, Finding, Plan, PlannedUnit, ReviewResult, Skipped, Usage

SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "output.schema.json").read_text())


def test_a_result_renders_as_the_contract_says() -> None:
    finding = Finding("src/a.py", 3, 4, "high", "bug", "Wrong", "m", None, "x = 1")
    result = ReviewResult(
        files=(FileReview("src/a.py", 4, "s", (finding,)),),
        skipped=(Skipped("uv.lock", "excluded", "matches '*.lock'"), Skipped("b.bin", "binary")),
        usage=Usage(2, 1830, 212, cached=1, seconds=1.23456, cost=0.0001234567),
        dropped={"ungrounded": 2, "duplicate": 1},
        coverage=(10, 12),
    )
    document = json.loads(render_json(result))
    jsonschema.validate(document, SCHEMA)
    assert document["score"] == 4
    assert document["findings"][0] == {
        "path": "src/a.py", "line": 3, "end_line": 4, "severity": "high", "category": "bug",
        "title": "Wrong", "message": "m", "suggestion": None, "quote": "x = 1", "grounded": True,
        "fix": None,
        "fix_replaces": None,
    }  # fmt: skip
    assert document["skipped"] == [
        {"path": "uv.lock", "reason": "excluded", "detail": "matches '*.lock'"},
        {"path": "b.bin", "reason": "binary"},
    ]
    assert document["usage"]["seconds"] == 1.235 and document["usage"]["cost_usd"] == 0.000123
    assert list(document["dropped"]) == ["duplicate", "ungrounded"]  # sorted: stable output
    assert document["coverage"] == {"lines": 10, "of": 12}


def test_a_dry_run_lists_the_messages_and_sends_nothing() -> None:
    messages = [{"role": "user", "content": "x"}]
    plan = Plan((PlannedUnit("a.py", messages, 9),), (Skipped(".env", "secret file"),))
    document = json.loads(render_plan_json(plan))
    assert document["dry_run"] is True
    assert document["units"] == [{"path": "a.py", "estimated_prompt_tokens": 9, "rules": [],
                                  "messages": messages}]  # fmt: skip
    assert document["skipped"] == [{"path": ".env", "reason": "secret file"}]
