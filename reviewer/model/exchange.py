"""One validated exchange with the model: ask, parse, and on an unusable reply ask once more in
the same conversation, quoting what was wrong. A reply that stays unusable is a provider failure,
never an empty review that looks clean."""

from __future__ import annotations

from typing import Protocol, TypeVar

from pydantic import BaseModel

from reviewer.errors import ProviderError
from reviewer.model.client import Completion
from reviewer.model.prompts import Messages, Prompts
from reviewer.model.reply import ReplyError, parse_reply, strip_reasoning
from reviewer.model.schema import strict_json_schema
from reviewer.model.stream import RUNAWAY, Progress
from reviewer.result import Usage

T = TypeVar("T", bound=BaseModel)
# The first ask, and one more that quotes what was wrong with the first reply.
ATTEMPTS = 2


class Chat(Protocol):
    def complete(
        self,
        messages: Messages,
        *,
        name: str,
        schema: dict[str, object],
        max_tokens: int | None = None,
        progress: Progress | None = None,
    ) -> Completion: ...

    def confirm(self, completion: Completion) -> None:
        """A valid reply came with `completion`: its format works."""

    def close(self) -> None: ...


def _truncated(subject: str, max_tokens: int | None) -> ProviderError:
    limit = f"--max-tokens ({max_tokens})" if max_tokens else "--max-tokens"
    return ProviderError(
        f"{subject}: the reply was cut off at the token limit before its JSON was complete "
        f"(finish_reason=length); raise {limit}"
    )


def _retry_messages(messages: Messages, reply: str, repair: str) -> Messages:
    cleaned = strip_reasoning(reply)
    if cleaned:
        # The reply goes back without its reasoning: providers reject reasoning sent back.
        return [
            *messages,
            {"role": "assistant", "content": cleaned},
            {"role": "user", "content": repair},
        ]
    # Nothing to send back: some providers refuse an empty assistant turn or two user turns.
    last = messages[-1]
    return [*messages[:-1], {**last, "content": f"{last['content']}\n\n{repair}"}]


def ask(
    chat: Chat,
    prompts: Prompts,
    messages: Messages,
    model: type[T],
    *,
    name: str,
    subject: str,
    max_tokens: int | None,
    usage: Usage,
    progress: Progress | None = None,
) -> T:
    """The validated reply. Every request's tokens are added to `usage` as they are spent, so a
    failed exchange is still counted."""
    schema = strict_json_schema(model)
    empty = 0
    for attempt in range(1, ATTEMPTS + 1):
        completion = chat.complete(
            messages, name=name, schema=schema, max_tokens=max_tokens, progress=progress
        )
        usage.add(completion.usage)
        try:
            answer = parse_reply(completion.content, model)
        except ReplyError as exc:
            if completion.finish_reason == "length":
                # Asking again would be cut at the same limit.
                raise _truncated(subject, max_tokens) from None
            if completion.finish_reason == RUNAWAY:
                # Asked again, a model caught in a loop loops again: the time is not spent.
                raise ProviderError(
                    f"{subject}: the reply began to repeat itself and was stopped after "
                    f"{len(completion.content or '')} characters (a model too weak for reviews?)"
                ) from None
            error = exc
            empty += not strip_reasoning(completion.content or "")
            if attempt < ATTEMPTS:
                repair = prompts.repair(str(exc))
                messages = _retry_messages(messages, completion.content or "", repair)
            continue
        chat.confirm(completion)
        return answer
    if empty == ATTEMPTS:
        # DeepSeek's JSON mode and reasoning models do this: say so, not "invalid JSON".
        only = " (it sent only its reasoning)" if completion.reasoned else ""
        raise ProviderError(f"{subject}: the model returned empty content twice{only}")
    raise ProviderError(f"{subject}: the model's reply stayed invalid after a second ask: {error}")
