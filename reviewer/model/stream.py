"""Reading a chat completion, whole or streamed: the answer's text (or the arguments of its one
function call), why it stopped, and its usage. `reasoning_content` (or `reasoning`) is only
noted, never kept: it is the model's scratchpad and must not reach the parser or the next
request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# Called while a reply streams in: (chunks received so far, seconds since the request began).
Progress = Callable[[int, float], None]
# A reply that has begun to repeat itself (small models loop, writing the same issue again and
# again until the token cap) is stopped as soon as that shows: its last TAIL characters already
# written REPEATS times. No JSON reply repeats that much text verbatim on purpose.
RUNAWAY = "runaway"  # the finish_reason of a reply stopped so
TAIL = 80
REPEATS = 4
CHECK_EVERY = 16  # chunks between checks: the check reads the whole reply so far


def runaway(text: str) -> bool:
    """Whether the text ends in a stretch it has already written REPEATS - 1 times."""
    if len(text) < TAIL * REPEATS:
        return False
    return text.count(text[-TAIL:]) >= REPEATS


@dataclass
class Reading:
    content: str | None
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoned: bool = False  # the reply carried reasoning_content
    cached_tokens: int = 0  # of the prompt tokens, those the provider had cached

    def count(self, usage: Any) -> None:
        """The token counts of a `usage` object, the cached prompt tokens in whichever shape the
        provider reports them: `prompt_tokens_details.cached_tokens` (OpenAI, Qwen, Doubao,
        Zhipu), `prompt_cache_hit_tokens` (DeepSeek) or `cached_tokens` (Moonshot)."""
        self.prompt_tokens = usage.prompt_tokens or 0
        self.completion_tokens = usage.completion_tokens or 0
        details = getattr(usage, "prompt_tokens_details", None)
        found = getattr(details, "cached_tokens", None) if details is not None else None
        for name in ("prompt_cache_hit_tokens", "cached_tokens"):
            found = found if found is not None else getattr(usage, name, None)
        self.cached_tokens = found if isinstance(found, int) and found > 0 else 0


def _arguments(tool_calls: Any) -> str | None:
    for call in tool_calls or ():
        function = getattr(call, "function", None)
        arguments = getattr(function, "arguments", None)
        if isinstance(arguments, str) and arguments.strip():
            return arguments
    return None


def _reasoned(message: Any) -> bool:
    """Reasoning sent beside the answer: `reasoning_content` (DeepSeek, Kimi, Qwen) or
    `reasoning` (StepFun, OpenRouter, vLLM)."""
    return bool(getattr(message, "reasoning_content", None) or getattr(message, "reasoning", None))


def read_response(response: Any) -> Reading:
    """A whole completion. Raises AttributeError/IndexError/TypeError if it is not one."""
    choice = response.choices[0]
    message = choice.message
    content = message.content if isinstance(message.content, str) else None
    # A forced function call carries the JSON as its arguments; some servers answer in content.
    arguments = _arguments(getattr(message, "tool_calls", None))
    reading = Reading(
        arguments if arguments is not None else content,
        choice.finish_reason,
        reasoned=_reasoned(message),
    )
    usage = getattr(response, "usage", None)
    if usage is not None:
        reading.count(usage)
    return reading


def read_stream(
    chunks: Iterable[Any], progress: Progress | None = None, *, started: float | None = None
) -> Reading:
    """Assemble SSE deltas: content pieces, function-call argument pieces, the finish reason, and
    usage from the final chunk (`stream_options.include_usage`)."""
    started = time.monotonic() if started is None else started
    content: list[str] = []
    arguments: dict[int, list[str]] = {}
    reading = Reading(None, None)
    for received, chunk in enumerate(chunks, 1):
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            reading.count(usage)
        for choice in getattr(chunk, "choices", None) or ():
            delta = choice.delta
            if delta is not None:
                if isinstance(delta.content, str):
                    content.append(delta.content)
                if _reasoned(delta):
                    reading.reasoned = True
                for call in getattr(delta, "tool_calls", None) or ():
                    piece = getattr(getattr(call, "function", None), "arguments", None)
                    if isinstance(piece, str):
                        arguments.setdefault(call.index or 0, []).append(piece)
            if choice.finish_reason:
                reading.finish_reason = choice.finish_reason
        if progress is not None:
            progress(received, time.monotonic() - started)
        if received % CHECK_EVERY == 0 and runaway(
            "".join(content) + "".join(piece for parts in arguments.values() for piece in parts)
        ):
            reading.finish_reason = RUNAWAY  # the caller closes the stream: the server stops
            break
    joined = {index: "".join(parts) for index, parts in sorted(arguments.items())}
    called = next((text for text in joined.values() if text.strip()), None)
    reading.content = called if called is not None else ("".join(content) if content else None)
    return reading
