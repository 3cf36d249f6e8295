"""The reply parser on its own: every wrapping, and errors worded to quote back to the model."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reviewer.model.reply import ReplyError, parse_reply, strip_reasoning
from reviewer.model.schema import ReviewReply, VerdictReply, strict_json_schema

ISSUE: dict[str, Any] = {"line": 3, "severity": "HIGH", "category": "Bug", "title": "t",
                         "message": "m", "quote": "x"}  # fmt: skip
VALID: dict[str, Any] = {"score": 6, "summary": "s", "issues": [ISSUE]}
TEXT = json.dumps(VALID)


@pytest.mark.parametrize(
    "content",
    [
        TEXT,
        f"```json\n{TEXT}\n```",
        f"```JSON\r\n{TEXT}\r\n```",
        f'<think>{{"score": 1}}</think>{TEXT}',
        f"<THINKING>plan</THINKING>\n{TEXT}",
        f"reasoning the server left unopened</think>\n{TEXT}",
        f"Answer: {TEXT} -- end",
        f"{{not json}} then {TEXT}",
    ],
)
def test_the_object_is_found(content: str) -> None:
    reply = parse_reply(content, ReviewReply)
    assert reply.score == 6
    [issue] = reply.issues
    assert (issue.severity, issue.category) == ("high", "bug")  # case is forgiven


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the reply was empty"),
        ("   ", "the reply was empty"),
        ("<think>still thinking when the tokens ran out", "only reasoning"),
        ("I found no problems.", "no JSON object was found"),
        ("[1, 2, 3]", "no JSON object was found"),
    ],
)
def test_unusable_replies_say_why(content: str | None, message: str) -> None:
    with pytest.raises(ReplyError, match=message):
        parse_reply(content, ReviewReply)


def test_schema_errors_name_the_path_and_the_value() -> None:
    bad = {**VALID, "score": 0, "issues": [{**ISSUE, "severity": "blocker"}]}
    with pytest.raises(ReplyError) as caught:
        parse_reply(json.dumps(bad), ReviewReply)
    text = str(caught.value)
    assert "score: Input should be greater than or equal to 1 (got 0)" in text
    assert "issues.0.severity: Input should be 'critical', 'high', 'medium' or 'low'" in text
    assert '(got "blocker")' in text


def test_the_largest_candidate_is_the_one_reported() -> None:
    content = '{"a": 1} and then {"score": 4, "summary": "x", "issues": [{"line": 0}]}'
    with pytest.raises(ReplyError, match=r"issues\.0\.line"):
        parse_reply(content, ReviewReply)


def test_a_reversed_range_is_put_right() -> None:
    data = {**VALID, "issues": [{**ISSUE, "line": 9, "end_line": 4}]}
    [issue] = parse_reply(json.dumps(data), ReviewReply).issues
    assert (issue.line, issue.end_line) == (4, 9)


def test_verdicts_parse_with_optional_severity() -> None:
    reply = parse_reply('{"verdicts": [{"id": 1, "keep": false, "reason": "r"},'
                        ' {"id": 2, "keep": true, "severity": "Low"}]}', VerdictReply)  # fmt: skip
    assert [(v.id, v.keep, v.severity) for v in reply.verdicts] == [
        (1, False, None),
        (2, True, "low"),
    ]


def test_strip_reasoning_keeps_a_reply_without_any() -> None:
    assert strip_reasoning('  {"a": 1}\n') == '{"a": 1}'


def _objects(schema: object) -> list[dict[str, object]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


@pytest.mark.parametrize("model", [ReviewReply, VerdictReply])
def test_the_requested_schema_is_strict_mode_ready(model: type[ReviewReply]) -> None:
    schema = strict_json_schema(model)
    text = json.dumps(schema)
    assert '"default"' not in text and "minLength" not in text
    for node in _objects(schema):
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])  # type: ignore[call-overload]


def test_a_property_named_title_survives_the_strict_rewrite() -> None:
    properties = strict_json_schema(ReviewReply)["$defs"]["ReplyIssue"]["properties"]
    assert {"title", "quote", "suggestion", "end_line"} <= set(properties)


def test_a_raw_newline_inside_a_string_is_taken_as_written() -> None:
    # llama.cpp's grammar for JSON strings lets a model write a newline unescaped.
    text = '{"score": 6, "summary": "Two\nlines.", "issues": []}'
    reply = parse_reply(text, ReviewReply)
    assert reply.summary == "Two\nlines." and reply.score == 6


def test_an_end_line_of_zero_means_none() -> None:
    text = (
        '{"score": 6, "summary": "s", "issues": [{"line": 2, "end_line": 0, "severity": "low",'
        ' "category": "bug", "title": "t", "message": "m", "quote": ""}]}'
    )
    assert parse_reply(text, ReviewReply).issues[0].end_line is None


# 100,000 levels: far past the interpreter's recursion limit, so json and pydantic would raise
# RecursionError (an internal error) if the parser let them try.
DEEP = 100_000


@pytest.mark.parametrize(
    "content",
    [
        "[" * DEEP,
        '{"a":' * DEEP,
        "[" * DEEP + "]" * DEEP,
        f'Here it is: {{"score": 5, "summary": "s", "issues": {"[" * DEEP}',
        # A stray quote in prose hides the brackets from the scan: the decoder still stops.
        'I "think ' + '{"a":' * DEEP,
        f"```json\n{'[' * DEEP}\n```",
        json.dumps({**VALID, "summary": "[" * 50}) + " and " + '{"a":' * DEEP,
    ],
    ids=["arrays", "objects", "closed", "in a field", "stray quote", "fenced", "after"],
)
@pytest.mark.parametrize("model", [ReviewReply, VerdictReply])
def test_json_nested_too_deep_is_a_reply_error(content: str, model: type[ReviewReply]) -> None:
    with pytest.raises(ReplyError, match="nested more than 64 levels deep"):
        parse_reply(content, model)


def test_brackets_inside_strings_are_not_nesting() -> None:
    # A quote of code may hold any number of brackets: they are text.
    data = {**VALID, "summary": "[" * 1000 + "{" * 1000}
    assert parse_reply(json.dumps(data), ReviewReply).score == 6


def test_nesting_within_the_limit_is_parsed() -> None:
    data = {**VALID, "extra": json.loads("[" * 60 + "]" * 60)}
    assert parse_reply(json.dumps(data), ReviewReply).score == 6
