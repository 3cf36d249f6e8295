"""From a model's reply text to a validated object.

Models wrap JSON in reasoning (`<think>`), code fences and prose; this finds the object that
validates. A reply that cannot be used raises ReplyError, whose message is written to be quoted
back to the model when it is asked once more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

_REASONING_TAGS = ("think", "thinking", "reasoning")
_REASONING = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[ \t]*[A-Za-z]*[ \t]*\r?\n(.*?)```", re.DOTALL)
_MAX_ERRORS_QUOTED = 5
_MAX_INPUT_QUOTED = 60
# The replies asked for nest three levels deep. Anything far deeper is refused before it is
# decoded: json and pydantic recurse once a level, and 100,000 levels of `[[[[` would
# otherwise be a RecursionError (an internal error) instead of a reply to ask again for.
MAX_DEPTH = 64
# Strings (whose brackets are text) and the brackets outside them.
_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class ReplyError(Exception):
    """A reply that cannot be used; the message says why, in words fit to show the model."""


def strip_reasoning(content: str) -> str:
    """Remove reasoning blocks; a lone closing tag ends one (some servers drop the opening tag)."""
    text = _REASONING.sub("", content)
    for tag in _REASONING_TAGS:
        closing = f"</{tag}>"
        position = text.lower().rfind(closing)
        if position >= 0:
            text = text[position + len(closing) :]
    opening = re.match(r"\s*<(think|thinking|reasoning)>", text, re.IGNORECASE)
    if opening:
        return ""  # reasoning that never closed: the reply was cut inside it
    return text.strip()


# Raw control characters (a newline) inside strings are taken as they are: llama.cpp's grammar
# for a JSON string lets a model write them, and the intent is unambiguous.
_DECODER = json.JSONDecoder(strict=False)


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_DEPTH anywhere in the text."""
    depth = 0
    for token in _NESTING.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif mark in "]}":
            depth = max(0, depth - 1)
    return False


def _objects(text: str) -> Iterator[dict[str, Any]]:
    """Every JSON object in the text, most likely first: whole, fenced, then found in prose."""
    try:
        whole = _DECODER.decode(text)
    except json.JSONDecodeError:
        pass
    else:
        if isinstance(whole, dict):
            yield whole
        return
    for block in _FENCE.findall(text):
        try:
            fenced = _DECODER.decode(block)
        except json.JSONDecodeError:
            continue
        if isinstance(fenced, dict):
            yield fenced
    decoder = _DECODER
    position = text.find("{")
    while position >= 0:
        try:
            found, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(found, dict):
            yield found
        position = text.find("{", end)


def describe(error: ValidationError) -> str:
    """A validation error in one line: each problem at its JSON path, with what was given."""
    parts = []
    for item in error.errors()[:_MAX_ERRORS_QUOTED]:
        where = ".".join(str(part) for part in item["loc"]) or "the object"
        text = f"{where}: {item['msg']}"
        if item["type"] != "missing":
            given = json.dumps(item.get("input"), ensure_ascii=False, default=str)
            if len(given) > _MAX_INPUT_QUOTED:
                given = given[: _MAX_INPUT_QUOTED - 3] + "..."
            text += f" (got {given})"
        parts.append(text)
    more = error.error_count() - _MAX_ERRORS_QUOTED
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def parse_reply(content: str | None, model: type[T]) -> T:
    """The first JSON object in the reply that validates as `model`, or ReplyError."""
    if content is None or not content.strip():
        raise ReplyError("the reply was empty")
    text = strip_reasoning(content)
    if not text:
        raise ReplyError("the reply held only reasoning and no JSON object")
    deep = ReplyError(f"the JSON is nested more than {MAX_DEPTH} levels deep")
    if _too_deep(text):
        raise deep
    try:
        return _validated(text, model)
    except RecursionError:
        # What the scan let through (a stray quote in prose hides brackets from it) and still
        # nests too deep for the decoder: the same answer.
        raise deep from None


def _validated(text: str, model: type[T]) -> T:
    best: tuple[int, ValidationError] | None = None
    for candidate in _objects(text):
        try:
            return model.model_validate(candidate)
        except ValidationError as exc:
            # Report against the largest candidate: the one most likely meant as the answer.
            size = len(json.dumps(candidate, default=str))
            if best is None or size > best[0]:
                best = (size, exc)
    if best is None:
        raise ReplyError("no JSON object was found in the reply")
    raise ReplyError(f"the JSON did not match the schema: {describe(best[1])}")
