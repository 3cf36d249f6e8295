"""The model API: one chat request through the openai SDK, and its failures in plain words.

Retries (429 with Retry-After, 5xx, timeouts) are the SDK's own (`max_retries`). What is ours:
stepping down the preset's structured-output ladder when a provider rejects a format, leaving
out a parameter a provider refuses, remembering both, and turning each failure into one line
that says what to do.

A format not yet seen working is tried once without the SDK's retries: some servers (llama.cpp)
refuse a format with a 500, which the SDK would retry three times before we could step down.
A format is remembered as working only once a valid reply came with it.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reviewer.errors import ContextTooLong, ProviderError, UsageError
from reviewer.model.lessons import Lessons
from reviewer.model.options import ModelOptions
from reviewer.model.preset import Preset
from reviewer.model.request import Adjustments, build_request, lesson_for, named_parameter
from reviewer.model.sdk import model_needed, sdk_arguments, sdk_client
from reviewer.model.shown import MASK, shown_url, url_secrets
from reviewer.model.stream import Progress, read_response, read_stream
from reviewer.result import Usage

if TYPE_CHECKING:
    import openai

# Sent to keyless servers (Ollama, llama.cpp): the SDK insists on some key.
KEYLESS = "no-key-set"
# How servers name the structured-output format they refuse: OpenAI's `param`, llama.cpp's
# "response_format type must be ...", vLLM's validation errors and guided-decoding messages.
_FORMAT_REJECTED = re.compile(
    r"response_format|response format|json_schema|json_object|\btools?\b|tool_choice|"
    r"function.?call|guided.(?:json|decoding)|structured output|grammar",
    re.I,
)
_MAX_DETAIL = 240
# How providers say a prompt is over the model's context window.
_TOO_LONG = re.compile(
    r"context[ _]length|maximum context|context window|prompt is too long|too many tokens|"
    r"reduce the length",
    re.I,
)
# Statuses the SDK retries below 500 (its _should_retry).
_RETRIED = frozenset({408, 409, 429})
# Before the retry that follows a failed request without retries (the SDK's first backoff).
RETRY_PAUSE = 0.5


@dataclass(frozen=True)
class Completion:
    content: str | None
    finish_reason: str | None
    usage: Usage
    reasoned: bool = False  # the model sent reasoning_content (kept out of `content`)
    format: str = ""  # the structured-output format the request used


# How to start the local servers a preset names, said when one is not answering.
_START = {
    "ollama": "; is Ollama running? start it with `ollama serve`",
    "llamacpp": "; is llama.cpp's server running? start it with `llama-server -m MODEL.gguf`",
    "vllm": "; is vLLM running? start it with `vllm serve MODEL`",
    "lmstudio": "; is LM Studio's server running? start it with `lms server start`",
}


def _start_hint(preset: Preset) -> str:
    return _START.get(preset.name, "")


def resolve_api_key(api_key: str | None, preset: Preset) -> str:
    """The key to send. A keyless local server, or one the user chose, gets a placeholder."""
    if api_key is not None:
        return api_key
    if preset.keyless:
        return KEYLESS
    names = [*preset.key_vars, *(["OPENAI_API_KEY"] if preset.openai_key else [])]
    variables = " or ".join(dict.fromkeys([*names, "REVIEWER_API_KEY"]))
    hint = ""
    if preset.name == "openai":
        from reviewer.model.local import local_hint

        hint = local_hint() or (
            "; for a keyless local server such as Ollama, pass --provider ollama "
            "(or --base-url http://localhost:11434/v1)"
        )
    raise UsageError(f"no API key for {preset.title}: set {variables}{hint}")


def _one_line(text: str, *secrets: str) -> str:
    """A provider's words on one line, cut short, with the secrets the run holds masked (a
    server may echo the key, or the URL it was asked at)."""
    text = " ".join(text.split())
    for secret in sorted(secrets, key=len, reverse=True):  # a longer one may hold a shorter
        if secret and secret != KEYLESS:
            text = text.replace(secret, MASK)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _host(base_url: str) -> str:
    """Where the base URL points, to name it in a message: host and port, never userinfo."""
    netloc = urlsplit(base_url).netloc.rpartition("@")[2]
    return netloc or shown_url(base_url)


def _error_object(exc: openai.APIError) -> dict[str, Any] | None:
    body = exc.body
    if isinstance(body, list) and body:  # Gemini wraps its error in a list
        body = body[0]
    inner = body.get("error", body) if isinstance(body, dict) else None
    return inner if isinstance(inner, dict) else None


def _detail(exc: openai.APIError) -> str:
    """The provider's own words: the `error.message` of an OpenAI-shaped body, else the body."""
    inner = _error_object(exc)
    if inner is not None and isinstance(inner.get("message"), str):
        return str(inner["message"])
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])
    if isinstance(body, str) and body.strip():
        return body
    return exc.message


def _retried(exc: openai.APIStatusError) -> bool:
    """Whether the SDK would have retried this status (its _should_retry, less the headers)."""
    return exc.status_code in _RETRIED or exc.status_code >= 500


class ChatClient:
    """One per run. Learns what the server accepts (format, parameters) and remembers it, for
    the run and, through `lessons`, for the runs after."""

    def __init__(self, options: ModelOptions, lessons: Lessons | None = None) -> None:
        self._options = options
        self.preset = options.preset
        if not options.base_url:
            where = " or ".join([*self.preset.base_vars, "pass --base-url"])
            raise UsageError(f"provider {self.preset.name} needs a base URL: set {where}")
        if self.preset.needs_model and not options.model_named:
            raise UsageError(model_needed(self.preset, options.base_url))
        self._key = resolve_api_key(options.api_key, self.preset)
        import openai  # deferred: about 0.5 s that a dry run or an early error never pays

        self._openai = openai
        self.base_url = options.base_url
        # What messages say of it: a key in its userinfo or its query is never shown.
        self.shown_url = shown_url(self.base_url)
        self._secrets = (
            self._key,
            *(part for part in url_secrets(self.base_url) if len(part) >= 8),
        )
        self.model = options.model
        self.host = _host(self.base_url)
        from reviewer.model.throttle import Throttle, throttle_client

        # Fewer requests in flight after a 429, the Retry-After waited out by every worker.
        self.throttle = Throttle(options.jobs)
        self._client = sdk_client(
            options, self._key, throttle_client(openai.DefaultHttpxClient(), self.throttle)
        )
        # One request without retries (an untried format), and the retries left after it.
        self._once = self._client.with_options(max_retries=0)
        self._rest = self._client.with_options(max_retries=max(0, options.max_retries - 1))
        self._lessons = lessons
        self._ladder = self.preset.ladder()
        known = lessons.get(self.base_url, self.model) if lessons is not None else {}
        learnt = known.get("format")
        self._format = self._ladder.index(learnt) if learnt in self._ladder else 0
        # Formats a valid reply came with: only these are remembered, and sent with retries.
        self._working: set[str] = {learnt} if learnt in self._ladder else set()
        self._adjust = Adjustments(
            drop=set(known.get("drop", [])), rename=dict(known.get("rename", {}))
        )
        self._lock = threading.Lock()

    @property
    def format(self) -> str:
        """The structured-output format the next request uses."""
        return self._ladder[self._format]

    def close(self) -> None:
        """Release the connections; a request still in flight in another thread fails."""
        self._client.close()

    def confirm(self, completion: Completion) -> None:
        """A valid reply came with this completion's format: remember that the format works."""
        fmt = completion.format
        with self._lock:
            if not fmt or fmt in self._working:
                return
            self._working.add(fmt)
        if self._lessons is not None:
            self._lessons.learn(self.base_url, self.model, format=fmt)

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        name: str,
        schema: dict[str, Any],
        max_tokens: int | None = None,
        progress: Progress | None = None,
    ) -> Completion:
        """One reply; `max_tokens` caps it (None: the user's setting, if any)."""
        openai = self._openai
        params = dict(self._options.sampling)
        if max_tokens is not None:
            params["max_tokens"] = max_tokens
        refused: set[str] = set()  # parameters dropped during this call: each at most once
        probed = False  # this call has already spent its one request without retries
        while True:
            tried = self._format
            fmt = self._ladder[tried]
            # An untried format goes out once without retries: its refusal may be a 500.
            probing = not probed and fmt not in self._working
            client = self._once if probing else self._rest if probed else self._client
            with self._lock:
                adjust = Adjustments(set(self._adjust.drop), dict(self._adjust.rename))
            body = build_request(
                preset=self.preset,
                model=self.model,
                messages=messages,
                fmt=fmt,
                name=name,
                schema=schema,
                params=params,
                adjust=adjust,
                stream=self._options.stream,
            )
            started = time.monotonic()
            try:
                response = client.chat.completions.create(**sdk_arguments(body))
                if body.get("stream"):
                    reading = read_stream(response, progress, started=started)
                    response.close()  # a reply stopped early: the server stops generating
                else:
                    reading = read_response(response)
            except openai.APIStatusError as exc:
                if self._without_parameter(exc, body, refused) or self._step_down(exc, tried):
                    continue
                if probing and self._options.max_retries and _retried(exc):
                    probed = True  # not about the format: the SDK's retries, less this one
                    time.sleep(RETRY_PAUSE)
                    continue
                raise self._failure(exc) from None
            except openai.APIConnectionError as exc:  # timeouts too
                if probing and self._options.max_retries:
                    probed = True
                    time.sleep(RETRY_PAUSE)
                    continue
                raise self._failure(exc) from None
            except openai.APIError as exc:
                raise self._failure(exc) from None
            except (AttributeError, IndexError, TypeError, ValueError, RecursionError):
                # RecursionError: a body nested too deep for the SDK's JSON decoder.
                raise ProviderError(
                    f"{self.host} sent a reply that is not a chat completion; check --base-url "
                    f"({self.shown_url}) points at an OpenAI-compatible API"
                ) from None
            usage = Usage(1, reading.prompt_tokens, reading.completion_tokens,
                          cached_prompt_tokens=reading.cached_tokens)  # fmt: skip
            return Completion(
                reading.content, reading.finish_reason, usage, reading.reasoned, format=fmt
            )

    def _without_parameter(
        self, exc: openai.APIStatusError, body: dict[str, Any], refused: set[str]
    ) -> bool:
        """A 400 naming a parameter we sent: leave it out (or rename it), and remember."""
        if exc.status_code not in (400, 422):
            return False
        message = _detail(exc)
        param = named_parameter(_error_object(exc), message, body)
        if param is None or param in refused:
            return False
        refused.add(param)
        with self._lock:
            # The name on the wire may be a rename; the lesson is about the setting.
            setting = next((k for k, v in self._adjust.rename.items() if v == param), param)
            action, new_name = lesson_for(setting, message)
            if action == "rename" and new_name is not None:
                self._adjust.rename[setting] = new_name
            else:
                self._adjust.drop.add(setting)
        if self._lessons is not None:
            if action == "rename" and new_name is not None:
                self._lessons.learn(self.base_url, self.model, rename={setting: new_name})
            else:
                self._lessons.learn(self.base_url, self.model, drop=[setting])
        return True

    def _step_down(self, exc: openai.APIStatusError, tried: int) -> bool:
        """On a rejected output format, move to the next one, for every later unit and run."""
        rejected = exc.status_code in (400, 422, 500) and bool(
            _FORMAT_REJECTED.search(f"{exc.message} {exc.body}")
        )
        if not rejected or tried + 1 >= len(self._ladder):
            return False
        with self._lock:  # units may run in parallel; only the first rejection steps down
            if self._format == tried:
                self._format = tried + 1
        return True

    def _failure(self, exc: openai.APIError) -> ProviderError:
        openai = self._openai
        detail = _one_line(_detail(exc).replace(self.base_url, self.shown_url), *self._secrets)
        retries = self._options.max_retries
        after = f" after {retries} {'retry' if retries == 1 else 'retries'}" if retries else ""
        if isinstance(exc, openai.AuthenticationError):
            if self._key == KEYLESS:
                return ProviderError(
                    f"{self.host} wants an API key (401): set OPENAI_API_KEY or REVIEWER_API_KEY",
                    kind="auth",
                )
            return ProviderError(
                f"the API key was rejected by {self.host} (401: {detail}); "
                "check OPENAI_API_KEY or REVIEWER_API_KEY",
                kind="auth",
            )
        if isinstance(exc, openai.PermissionDeniedError):
            return ProviderError(f"{self.host} denied access (403: {detail})", kind="auth")
        if isinstance(exc, openai.APIStatusError) and exc.status_code == 402:
            return ProviderError(
                f"{self.host} refused for want of credit (402: {detail}); top up the account",
                kind="auth",
            )
        if isinstance(exc, openai.NotFoundError) and self.preset.api == "azure":
            return ProviderError(
                f"{self.host} has no deployment '{self.model}' (404: {detail}); check the "
                f"deployment name (--model) and the endpoint ({self.shown_url})",
                kind="no model",
            )
        if isinstance(exc, openai.NotFoundError):
            return ProviderError(
                f"{self.host} answered 404 for model '{self.model}' ({detail}); "
                f"check --model and --base-url ({self.shown_url})",
                kind="no model",
            )
        if isinstance(exc, openai.RateLimitError):
            return ProviderError(f"rate limited by {self.host}{after} (429: {detail})")
        if isinstance(exc, openai.APIStatusError):
            inner = _error_object(exc) or {}
            if inner.get("code") == "context_length_exceeded" or _TOO_LONG.search(detail):
                return ContextTooLong(f"{self.host} says the request is too long ({detail})")
            if exc.status_code in _RETRIED or exc.status_code >= 500:
                return ProviderError(f"{self.host} failed{after} ({exc.status_code}: {detail})")
            return ProviderError(f"{self.host} rejected the request ({exc.status_code}: {detail})")
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                f"no answer from {self.shown_url} within {self._options.timeout:g} s{after}; "
                "raise `timeout` in the config for slow models",
                kind="unreachable",
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            said = str(cause).replace(self.base_url, self.shown_url)
            reason = _one_line(said, *self._secrets) if cause else detail
            return ProviderError(
                f"cannot connect to {self.shown_url}{after}: {reason}{_start_hint(self.preset)}",
                kind="unreachable",
            )
        return ProviderError(f"unexpected reply from {self.host}: {detail}")
