"""A run's line to the model: every reply taken from the cache when it is there, else asked,
validated and kept. The client is made at the first request (a run whose every reply is cached
never loads the SDK) and closed with the session, which abandons requests still in flight."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reviewer.model.cache import ReplyCache, cache_key
from reviewer.model.exchange import Chat, ask
from reviewer.model.options import ModelOptions
from reviewer.model.prompts import Messages, Prompts
from reviewer.model.stream import Progress
from reviewer.model.tokens import estimate_tokens
from reviewer.result import Usage

T = TypeVar("T", bound=BaseModel)
Connect = Callable[[ModelOptions], Chat]


def connect(options: ModelOptions) -> Chat:
    from reviewer.model.client import ChatClient
    from reviewer.model.lessons import Lessons

    return ChatClient(options, Lessons(options.cache_dir))


class ModelSession:
    def __init__(
        self,
        options: ModelOptions,
        prompts: Prompts,
        *,
        cache: ReplyCache | None,
        connect: Connect = connect,
    ) -> None:
        self.options = options
        self.prompts = prompts
        self.usage = Usage()
        self._cache = cache
        self._connect = connect
        self._chat: Chat | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _client(self) -> Chat:
        with self._lock:
            if self._closed:
                raise RuntimeError("the model session is closed")
            if self._chat is None:
                self._chat = self._connect(self.options)
            return self._chat

    def ask(
        self,
        messages: Messages,
        reply: type[T],
        *,
        name: str,
        subject: str,
        progress: Progress | None = None,
    ) -> T:
        """The validated reply, from the cache or from the model (and then kept)."""
        options = self.options
        key = cache_key(
            options.preset.name, options.base_url, options.model, options.sampling, name, messages
        )
        kept = self._cache.get(key) if self._cache is not None else None
        if kept is not None:
            try:
                answer = reply.model_validate_json(kept)
            except ValidationError:
                pass  # kept by another version of the schema: ask afresh
            else:
                self.usage.add(Usage(cached=1))
                return answer
        tokens = estimate_tokens(messages)
        self.usage.add(Usage(largest_prompt=tokens))
        answer = ask(
            self._client(), self.prompts, messages, reply, name=name, subject=subject,
            max_tokens=options.reply_cap(tokens), usage=self.usage, progress=progress,
        )  # fmt: skip
        if self._cache is not None:
            self._cache.put(key, answer.model_dump_json())
        return answer

    def throttled(self) -> tuple[int, int] | None:
        """(the requests in flight the run started with, the fewest a 429 brought it down to),
        when the provider's rate limit did."""
        throttle = getattr(self._chat, "throttle", None)
        if throttle is None or throttle.lowest >= throttle.limit:
            return None
        return throttle.limit, throttle.lowest

    def close(self) -> None:
        """Close the cache and the client; requests still in flight fail in their threads."""
        with self._lock:
            self._closed = True
            chat, self._chat = self._chat, None
        if self._cache is not None:
            self._cache.close()
        if chat is not None:
            chat.close()
