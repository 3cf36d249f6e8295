"""The body of one chat request, shaped for the provider: its structured-output format, its
temperature range, and without the parameters it refuses. Pure: settings in, keyword args out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reviewer.model.preset import Preset

# Some providers accept json_object only when a message says "json" (DeepSeek, DashScope).
JSON_WORD = "Answer in json."
# Never dropped, whatever an error message names: without them there is no request.
ESSENTIAL = frozenset({"model", "messages", "response_format", "tools", "stream"})


@dataclass
class Adjustments:
    """What a server taught us about itself: parameters to leave out or to send under another
    name. Kept for the run, and between runs (see lessons.py)."""

    drop: set[str] = field(default_factory=set)
    rename: dict[str, str] = field(default_factory=dict)


def _with_json_word(messages: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    out = [dict(message) for message in messages]
    if any("json" in message.get("content", "") for message in out):
        return out
    first = out[0]
    first["content"] = f"{first.get('content', '')}\n\n{JSON_WORD}".strip()
    return out


def build_request(
    *,
    preset: Preset,
    model: str,
    messages: Sequence[Mapping[str, str]],
    fmt: str,
    name: str,
    schema: Mapping[str, Any],
    params: Mapping[str, Any],
    adjust: Adjustments,
    stream: bool,
) -> dict[str, Any]:
    """Keyword arguments for `chat.completions.create`. `params` are the user's sampling
    settings (None = not set); the preset and what the server taught us decide which go out."""
    body: dict[str, Any] = {"model": model, "messages": [dict(m) for m in messages]}
    refused = preset.rejected(model) | adjust.drop
    renames = {**preset.renamed(model), **adjust.rename}
    for key, value in params.items():
        if value is None or key in refused:
            continue
        if key == "temperature":
            value = preset.clamp(float(value))
        body[renames.get(key, key)] = value
    if fmt == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": dict(schema), "strict": True},
        }
    elif fmt == "json_object":
        body["response_format"] = {"type": "json_object"}
        if preset.object_schema:
            body["response_format"]["schema"] = dict(schema)
        body["messages"] = _with_json_word(messages)
    elif fmt == "tools":
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": "Report the result, as the instructions describe.",
                    "parameters": dict(schema),
                },
            }
        ]
        if "tool_choice" not in refused:
            body["tool_choice"] = {"type": "function", "function": {"name": name}}
    if stream:
        body["stream"] = True
        if preset.stream_usage and "stream_options" not in refused:
            body["stream_options"] = {"include_usage": True}
    return body


_QUOTED = re.compile(r"['\"`]([a-z_]+)['\"`]")


def named_parameter(
    error: Mapping[str, Any] | None, message: str, body: Mapping[str, Any]
) -> str | None:
    """The parameter a 400 complains about, when it is one we sent and can do without: the
    error's `param` field (OpenAI's shape), else a sent parameter named in its message."""
    candidates = [key for key in body if key not in ESSENTIAL]
    param = error.get("param") if error else None
    if isinstance(param, str) and param.split(".")[0] in candidates:
        return str(param.split(".")[0])
    named: list[str] = [word for word in _QUOTED.findall(message) if word in candidates]
    if named:
        return named[0]
    bare = [key for key in candidates if re.search(rf"\b{re.escape(key)}\b", message)]
    return bare[0] if len(bare) == 1 else None


def lesson_for(param: str, message: str) -> tuple[str, str | None]:
    """What to do about a refused parameter: ("rename", new) when the error names a successor
    (OpenAI: use 'max_completion_tokens' instead), else ("drop", None)."""
    if param == "max_tokens" and "max_completion_tokens" in message:
        return "rename", "max_completion_tokens"
    return "drop", None
