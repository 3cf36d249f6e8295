"""Reading a completion, whole or streamed, from the SDK's own types: the answer's text or its one
function call, why it stopped, usage, and reasoning noted but never kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionChunk

from reviewer.model.stream import RUNAWAY, read_response, read_stream, runaway

BASE = {"id": "c", "created": 1, "model": "m"}


def _chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> ChatCompletionChunk:
    choices = [{"index": 0, "delta": delta, "finish_reason": finish}] if delta or finish else []
    document = {**BASE, "object": "chat.completion.chunk", "choices": choices, **extra}
    return ChatCompletionChunk.model_validate(document)


def test_a_stream_is_assembled_with_usage_and_progress() -> None:
    chunks = [
        _chunk({"role": "assistant", "content": ""}),
        _chunk({"reasoning_content": "hmm"}),
        _chunk({"content": '{"score": '}),
        _chunk({"content": "7}"}),
        _chunk({}, "stop"),
        _chunk({}, usage={"prompt_tokens": 11, "completion_tokens": 4, "total_tokens": 15}),
    ]
    seen: list[int] = []
    reading = read_stream(chunks, lambda received, _elapsed: seen.append(received))
    assert reading.content == '{"score": 7}'
    assert reading.finish_reason == "stop"
    assert (reading.prompt_tokens, reading.completion_tokens) == (11, 4)
    assert reading.reasoned
    assert seen == [1, 2, 3, 4, 5, 6]


def test_a_streamed_function_call_is_its_arguments() -> None:
    call = {"index": 0, "id": "call_1", "type": "function",
            "function": {"name": "code_review", "arguments": '{"ok"'}}  # fmt: skip
    chunks = [
        _chunk({"tool_calls": [call]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": ": true}"}}]}),
        _chunk({}, "tool_calls"),
    ]
    reading = read_stream(chunks)
    assert reading.content == '{"ok": true}'
    assert reading.finish_reason == "tool_calls"


def test_a_whole_completion_prefers_the_function_call_to_content() -> None:
    message = {
        "role": "assistant", "content": "ignored",
        "tool_calls": [{"id": "1", "type": "function",
                        "function": {"name": "n", "arguments": '{"ok": true}'}}],
    }  # fmt: skip
    document = {
        **BASE, "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }  # fmt: skip
    reading = read_response(ChatCompletion.model_validate(document))
    assert reading.content == '{"ok": true}'
    assert (reading.prompt_tokens, reading.completion_tokens) == (3, 2)
    assert not reading.reasoned


def _looping(pieces: int) -> Iterator[ChatCompletionChunk]:
    yield _chunk({"content": '{"score": 3, "summary": "x", "issues": ['})
    for _ in range(pieces):
        yield _chunk({"content": '{"line": 4, "title": "The code is not valid and '})
        yield _chunk({"content": 'has no purpose at all.", "severity": "high"}, '})


def test_a_reply_that_repeats_itself_is_stopped_early() -> None:
    taken = 0

    def counted() -> Iterator[ChatCompletionChunk]:
        nonlocal taken
        for chunk in _looping(500):
            taken += 1
            yield chunk

    reading = read_stream(counted())
    assert reading.finish_reason == RUNAWAY
    assert taken < 100  # of the 1,001 chunks the server would have sent
    assert reading.content is not None and reading.content.startswith('{"score": 3')


def test_a_long_reply_that_does_not_loop_is_read_whole() -> None:
    issues = ", ".join(
        f'{{"line": {n}, "title": "Problem number {n} in a different place", "quote": "x{n}"}}'
        for n in range(200)
    )
    pieces = [issues[i : i + 7] for i in range(0, len(issues), 7)]
    chunks = [_chunk({"content": piece}) for piece in pieces] + [_chunk({}, "stop")]
    reading = read_stream(chunks)
    assert reading.finish_reason == "stop" and reading.content == issues
    assert not runaway(issues)
    assert runaway("abc" * 10 + "the same eighty characters, written again and again." * 8)
