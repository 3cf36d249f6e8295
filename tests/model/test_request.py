"""The body of one chat request, shaped for the provider: pure, preset and settings in."""

from __future__ import annotations

from typing import Any

import pytest

from reviewer.model.providers import PRESETS
from reviewer.model.request import (
    JSON_WORD,
    Adjustments,
    build_request,
    lesson_for,
    named_parameter,
)

MESSAGES = [{"role": "system", "content": "Review."}, {"role": "user", "content": "x = 1"}]
SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
SAMPLING: dict[str, Any] = {"temperature": 0.0, "top_p": None, "max_tokens": 900, "seed": 7}


def _body(preset: str, fmt: str, model: str = "m", **changes: Any) -> dict[str, Any]:
    return build_request(
        preset=PRESETS[preset], model=model, messages=MESSAGES, fmt=fmt, name="code_review",
        schema=SCHEMA, params={**SAMPLING, **changes.pop("params", {})},
        adjust=changes.pop("adjust", Adjustments()), stream=changes.pop("stream", False),
    )  # fmt: skip


def test_json_schema_is_strict_and_unset_parameters_stay_out() -> None:
    body = _body("openai", "json_schema")
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "code_review", "schema": SCHEMA, "strict": True},
    }
    assert {k: body[k] for k in ("temperature", "max_tokens", "seed")} == {
        "temperature": 0.0, "max_tokens": 900, "seed": 7,
    }  # fmt: skip
    assert "top_p" not in body and "stream" not in body


def test_json_object_says_json_where_the_provider_needs_the_word() -> None:
    body = _body("deepseek", "json_object")
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][0]["content"].endswith(JSON_WORD)
    assert MESSAGES[0]["content"] == "Review."  # the caller's messages are not changed


def test_tools_force_the_one_function() -> None:
    body = _body("openai", "tools")
    assert body["tools"][0]["function"]["name"] == "code_review"
    assert body["tool_choice"] == {"type": "function", "function": {"name": "code_review"}}
    assert "response_format" not in body


def test_the_temperature_is_clamped_into_the_providers_range() -> None:
    assert _body("zhipu", "text")["temperature"] == 0.01
    assert _body("qwen", "text", params={"temperature": 2.0})["temperature"] == 1.99


def test_refused_parameters_are_left_out_and_renamed_ones_renamed() -> None:
    zhipu = _body("zhipu", "text")
    assert "seed" not in zhipu
    reasoning = _body("openai", "json_schema", model="o4-mini")
    assert "temperature" not in reasoning and reasoning["max_completion_tokens"] == 900
    learnt = _body("openai", "text", adjust=Adjustments(drop={"seed"}, rename={}))
    assert "seed" not in learnt


def test_a_stream_asks_for_usage_where_the_provider_sends_it() -> None:
    assert _body("openai", "text", stream=True)["stream_options"] == {"include_usage": True}
    plain = build_request(
        preset=PRESETS["openai"], model="m", messages=MESSAGES, fmt="text", name="n",
        schema=SCHEMA, params={}, adjust=Adjustments(drop={"stream_options"}), stream=True,
    )  # fmt: skip
    assert plain["stream"] is True and "stream_options" not in plain


@pytest.mark.parametrize(
    ("error", "message", "named"),
    [({"param": "seed"}, "bad", "seed"),
     (None, "Unsupported parameter: 'top_p' is not supported", "top_p"),
     (None, "max_tokens is not supported with this model", "max_tokens"),
     (None, "model is wrong", None),  # essential: never dropped
     (None, "temperature and seed are both wrong", None)],  # ambiguous: nothing dropped
)  # fmt: skip
def test_the_refused_parameter_is_found_only_when_it_is_clear(
    error: dict[str, Any] | None, message: str, named: str | None
) -> None:
    body = {"model": "m", "messages": [], "seed": 1, "top_p": 1, "temperature": 0,
            "max_tokens": 5}  # fmt: skip
    assert named_parameter(error, message, body) == named


def test_the_lesson_renames_max_tokens_when_the_provider_names_its_successor() -> None:
    said = "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead."
    assert lesson_for("max_tokens", said) == ("rename", "max_completion_tokens")
    assert lesson_for("seed", "Unsupported parameter: 'seed'") == ("drop", None)
