"""The model API: one chat request through the openai SDK, and its failures in plain words.

Retries (429 with Retry-After, 5xx, timeouts) are the SDK's own (`max_retries`). What is ours:
stepping down the structured-output ladder when a provider rejects a response format, and
turning each failure into one line that says what to do.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reviewer.config import Settings
from reviewer.errors import ProviderError, UsageError
from reviewer.result import Usage

if TYPE_CHECKING:
    import openai

OPENAI_BASE_URL = "https://api.openai.com/v1"
# Sent to keyless servers (Ollama, llama.cpp): the SDK insists on some key.
KEYLESS = "no-key-set"
# Best first; a provider that rejects one format is asked again with the next.
RESPONSE_FORMATS = ("json_schema", "json_object", "text")
_FORMAT_REJECTED = re.compile(r"response_format|json_schema|json_object|response format", re.I)
_MAX_DETAIL = 240
# Statuses the SDK retries below 500 (its _should_retry).
_RETRIED = frozenset({408, 409, 429})


@dataclass(frozen=True)
class Completion:
    content: str | None
    finish_reason: str | None
    usage: Usage


def resolve_api_key(settings: Settings) -> str:
    """The key to send. A user-chosen base URL may be a keyless local server, so it gets by."""
    if settings.api_key is not None:
        return settings.api_key.get_secret_value()
    if settings.base_url and urlsplit(settings.base_url).hostname != "api.openai.com":
        return KEYLESS
    raise UsageError(
        "no API key: set OPENAI_API_KEY (or REVIEWER_API_KEY); for a keyless local server "
        "such as Ollama, pass --base-url http://localhost:11434/v1"
    )


def _one_line(text: str, secret: str) -> str:
    text = " ".join(text.split())
    if secret and secret != KEYLESS:
        text = text.replace(secret, "***")
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _detail(exc: openai.APIError) -> str:
    """The provider's own words: the `error.message` of an OpenAI-shaped body, else the body."""
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    if isinstance(body, str) and body.strip():
        return body
    return exc.message


class ChatClient:
    """One per run. Remembers which response format the provider accepted."""

    def __init__(self, settings: Settings) -> None:
        import openai  # deferred: about 0.5 s that a dry run or an early error never pays

        self._openai = openai
        self._settings = settings
        self._key = resolve_api_key(settings)
        self.base_url = settings.base_url or OPENAI_BASE_URL
        self.host = urlsplit(self.base_url).netloc or self.base_url
        self._client = openai.OpenAI(
            api_key=self._key,
            base_url=self.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        self._format = 0
        self._lock = threading.Lock()

    def _request(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any], kind: str
    ) -> Any:
        params: dict[str, Any] = {
            "model": self._settings.model,
            "messages": messages,
            "temperature": self._settings.temperature,
        }
        if self._settings.max_tokens is not None:
            params["max_tokens"] = self._settings.max_tokens
        if kind == "json_schema":
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        elif kind == "json_object":
            params["response_format"] = {"type": "json_object"}
        return self._client.chat.completions.create(**params)

    def complete(
        self, messages: list[dict[str, str]], *, name: str, schema: dict[str, Any]
    ) -> Completion:
        openai = self._openai
        while True:
            tried = self._format
            try:
                response = self._request(messages, name, schema, RESPONSE_FORMATS[tried])
            except openai.APIStatusError as exc:
                if self._step_down(exc, tried):
                    continue
                raise self._failure(exc) from None
            except openai.APIError as exc:
                raise self._failure(exc) from None
            return self._completion(response)

    def _step_down(self, exc: openai.APIStatusError, tried: int) -> bool:
        """On a rejected response format, move to the next one (once per run, for every unit)."""
        rejected = exc.status_code in (400, 422, 500) and bool(
            _FORMAT_REJECTED.search(f"{exc.message} {exc.body}")
        )
        if not rejected or tried + 1 >= len(RESPONSE_FORMATS):
            return False
        with self._lock:  # units may run in parallel; only the first rejection steps down
            if self._format == tried:
                self._format = tried + 1
        return True

    def _completion(self, response: Any) -> Completion:
        try:
            choice = response.choices[0]
            content = choice.message.content
            finish = choice.finish_reason
        except (AttributeError, IndexError, TypeError):
            raise ProviderError(
                f"{self.host} sent a reply that is not a chat completion; check --base-url "
                f"({self.base_url}) points at an OpenAI-compatible API"
            ) from None
        usage = Usage(requests=1)
        if getattr(response, "usage", None) is not None:
            usage.prompt_tokens = response.usage.prompt_tokens or 0
            usage.completion_tokens = response.usage.completion_tokens or 0
        # `content` only: reasoning_content is the model's scratchpad, never the answer.
        return Completion(content if isinstance(content, str) else None, finish, usage)

    def _failure(self, exc: openai.APIError) -> ProviderError:
        openai = self._openai
        detail = _one_line(_detail(exc), self._key)
        retries = self._settings.max_retries
        after = f" after {retries} {'retry' if retries == 1 else 'retries'}" if retries else ""
        if isinstance(exc, openai.AuthenticationError):
            if self._key == KEYLESS:
                return ProviderError(
                    f"{self.host} wants an API key (401): set OPENAI_API_KEY or REVIEWER_API_KEY"
                )
            return ProviderError(
                f"the API key was rejected by {self.host} (401: {detail}); "
                "check OPENAI_API_KEY or REVIEWER_API_KEY"
            )
        if isinstance(exc, openai.PermissionDeniedError):
            return ProviderError(f"{self.host} denied access (403: {detail})")
        if isinstance(exc, openai.NotFoundError):
            return ProviderError(
                f"{self.host} answered 404 for model '{self._settings.model}' ({detail}); "
                f"check --model and --base-url ({self.base_url})"
            )
        if isinstance(exc, openai.RateLimitError):
            return ProviderError(f"rate limited by {self.host}{after} (429: {detail})")
        if isinstance(exc, openai.APIStatusError):
            if exc.status_code in _RETRIED or exc.status_code >= 500:
                return ProviderError(f"{self.host} failed{after} ({exc.status_code}: {detail})")
            return ProviderError(f"{self.host} rejected the request ({exc.status_code}: {detail})")
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                f"no answer from {self.base_url} within {self._settings.timeout:g} s{after}; "
                "raise `timeout` in the config for slow models"
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            reason = _one_line(str(cause), self._key) if cause else detail
            return ProviderError(f"cannot connect to {self.base_url}{after}: {reason}")
        return ProviderError(f"unexpected reply from {self.host}: {detail}")
