"""A fake OpenAI-compatible API: a real HTTP server on 127.0.0.1 with scripted replies.

Tests drive it through the real openai SDK by running the command line. Each request takes the
next scripted reply; a request with nothing left in the script gets a 400 that the SDK does not
retry, so a test that sends more than it expected fails loudly.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.loopback import LoopbackServer

CHAT_PATH = "/v1/chat/completions"


@dataclass
class Answer:
    """What the model says; the server renders it as the request asks (whole or streamed, as
    content or as a function call)."""

    content: str | None
    finish_reason: str = "stop"
    reasoning_content: str | None = None
    prompt_tokens: int = 100
    completion_tokens: int = 20
    model: str = "fake-model"
    # Extra keys of `usage`, as each provider reports its prompt cache, e.g.
    # {"prompt_tokens_details": {"cached_tokens": 64}} or {"prompt_cache_hit_tokens": 64}.
    usage_extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    answer: Answer | None = None
    cut: bool = False  # send half the body, then drop the connection (a reset mid-stream)
    trickle: float = 0.0  # seconds between the events of a stream (a slow model, live)


def chat(
    content: str | None,
    *,
    finish_reason: str = "stop",
    reasoning_content: str | None = None,
    prompt_tokens: int = 100,
    completion_tokens: int = 20,
    model: str = "fake-model",
) -> Reply:
    """A chat completion whose message content is `content`."""
    answer = Answer(
        content, finish_reason, reasoning_content, prompt_tokens, completion_tokens, model
    )
    return Reply(answer=answer)


def _usage(answer: Answer) -> dict[str, Any]:
    return {
        "prompt_tokens": answer.prompt_tokens,
        "completion_tokens": answer.completion_tokens,
        "total_tokens": answer.prompt_tokens + answer.completion_tokens,
        **answer.usage_extra,
    }


def _tool_name(body: dict[str, Any]) -> str | None:
    tools = body.get("tools")
    return str(tools[0]["function"]["name"]) if tools else None


def render_answer(answer: Answer, body: dict[str, Any], stream_usage: bool = True) -> Reply:
    """The completion for `body`: JSON, or an SSE stream with usage in the last chunk."""
    tool = _tool_name(body)
    finish = "tool_calls" if tool and answer.finish_reason == "stop" else answer.finish_reason
    base = {"id": "chatcmpl-fake", "created": 1_700_000_000, "model": answer.model}
    if not body.get("stream"):
        message: dict[str, Any] = {"role": "assistant", "content": answer.content}
        if tool:
            message["content"] = None
            message["tool_calls"] = [
                {"id": "call_1", "type": "function",
                 "function": {"name": tool, "arguments": answer.content or ""}}
            ]  # fmt: skip
        if answer.reasoning_content is not None:
            message["reasoning_content"] = answer.reasoning_content
        document = {
            **base,
            "object": "chat.completion",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": _usage(answer),
        }
        return Reply(body=json.dumps(document).encode(), headers=JSON_HEADERS)
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    if answer.reasoning_content:
        deltas.append({"reasoning_content": answer.reasoning_content})
    text = answer.content or ""
    pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
    for number, piece in enumerate(pieces):
        if tool:
            call: dict[str, Any] = {"index": 0, "function": {"arguments": piece}}
            if number == 0:
                call.update(id="call_1", type="function")
                call["function"]["name"] = tool
            deltas.append({"tool_calls": [call]})
        else:
            deltas.append({"content": piece})
    chunks = [
        {**base, "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
        for delta in deltas
    ]  # fmt: skip
    chunks.append(
        {**base, "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
    )  # fmt: skip
    options = body.get("stream_options") or {}
    if stream_usage and options.get("include_usage"):
        chunks.append({**base, "object": "chat.completion.chunk", "choices": [],
                       "usage": _usage(answer)})  # fmt: skip
    events = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"
    return Reply(body=events.encode(), headers={"Content-Type": "text/event-stream"})


JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass
class Profile:
    """A provider's documented behaviour, as the fake plays it: where it listens, the key it
    wants, what it accepts, and the quirks of its answers."""

    path: str
    key: str | None = None  # None: no key checked (a local server)
    formats: frozenset[str] = frozenset({"json_schema", "json_object", "tools"})
    format_status: int = 400  # llama.cpp answers an unsupported response_format with a 500
    json_word: bool = False  # json_object needs "json" in the messages
    temperature: tuple[float, float] = (0.0, 2.0)
    refuses: frozenset[str] = frozenset()  # parameters answered with a 400 naming them
    reasoning: str | None = None  # reasoning_content sent with every answer
    think: bool = False  # answers start with a <think> block
    empty_json_once: bool = False  # the first json_object answer has empty content
    stream_usage: bool = True
    key_header: str = "authorization"  # Azure's is `api-key`, the key itself, not "Bearer ..."
    list_errors: bool = False  # Gemini's errors come as a list of one error object
    # Model names answered with the provider's 400 for any sampling setting but the fixed one
    # (Kimi K2.5 and later: "invalid temperature: only 1 is allowed for this model").
    fixed_sampling: str | None = None

    def authorized(self, headers: dict[str, str]) -> bool:
        if self.key is None:
            return True
        expected = self.key if self.key_header == "api-key" else f"Bearer {self.key}"
        return headers.get(self.key_header) == expected

    def refusal(self, body: dict[str, Any]) -> Reply | None:
        reply = self._refusal(body)
        if reply is not None and self.list_errors:
            reply.body = b"[" + reply.body + b"]"
        return reply

    def _refusal(self, body: dict[str, Any]) -> Reply | None:
        for param in sorted(self.refuses & set(body)):
            return error(400, f"Unsupported parameter: '{param}'", param=param)
        fixed = self.fixed_sampling
        if fixed and re.search(fixed, str(body.get("model"))):
            for param in ("temperature", "top_p", "frequency_penalty", "presence_penalty"):
                if param in body:
                    return error(400, f"invalid {param}: only the default is allowed for this "
                                 "model", param=param)  # fmt: skip
        if "temperature" in body:
            low, high = self.temperature
            if not low <= float(body["temperature"]) <= high:
                return error(400, f"temperature must be in [{low}, {high}]", param="temperature")
        kind = (body.get("response_format") or {}).get("type")
        if kind and kind != "text" and kind not in self.formats:
            return error(
                self.format_status,
                f"response_format type {kind} is not supported",
                param="response_format",
                type="server_error" if self.format_status >= 500 else "invalid_request_error",
            )
        if body.get("tools") and "tools" not in self.formats:
            return error(400, "tools are not supported by this model")
        said_json = any("json" in str(m.get("content", "")) for m in body.get("messages", []))
        if kind == "json_object" and self.json_word and not said_json:
            return error(400, "Prompt must contain the word 'json' to use json_object")
        return None

    def dress(self, answer: Answer) -> Answer:
        content = answer.content
        if self.think and content is not None:
            content = f"<think>Let me read the code first.</think>\n{content}"
        reasoning = self.reasoning if self.reasoning is not None else answer.reasoning_content
        return Answer(content, answer.finish_reason, reasoning, answer.prompt_tokens,
                      answer.completion_tokens, answer.model)  # fmt: skip


def review_json(
    score: int = 7, summary: str = "Looks fine.", issues: list[Any] | None = None
) -> str:
    return json.dumps({"score": score, "summary": summary, "issues": issues or []})


def issue(
    line: int,
    title: str = "Loop reads one past the end",
    *,
    severity: str = "high",
    category: str = "bug",
    end_line: int | None = None,
    quote: str = "",
    suggestion: str | None = "Fix it.",
    message: str = "It reads past the end.",
    fix: str | None = None,
) -> dict[str, Any]:
    return ({"fix": fix} if fix is not None else {}) | {
        "line": line,
        "end_line": end_line,
        "severity": severity,
        "category": category,
        "title": title,
        "message": message,
        "suggestion": suggestion,
        "quote": quote,
    }


def error_body(
    message: str, *, type: str = "invalid_request_error", code: str | None = None,
    param: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """OpenAI's ErrorResponse shape."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def error(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    body = json.dumps(error_body(message, type=type, code=code, param=param)).encode()
    return Reply(status, body, {"Content-Type": "application/json", **(headers or {})})


def raw(status: int, text: str, content_type: str = "text/html") -> Reply:
    return Reply(status, text.encode(), {"Content-Type": content_type})


# The name of a reviewed file, as the prompt carries it: between path markers.
_NAMED = re.compile(r"<path-([0-9a-f]{16})>(.*?)</path-\1>")


def named_files(prompt: str) -> list[str]:
    """The files a user prompt reviews, in its order, as it names them."""
    return [match[2] for match in _NAMED.finditer(prompt)]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def files(self) -> list[str]:
        """The files the request reviews, as its first user message names them (a repair asks
        again in the same conversation)."""
        users = [m for m in self.messages if m.get("role") == "user"]
        return named_files(str(users[0].get("content", ""))) if users else []

    @property
    def response_format(self) -> str:
        fmt = self.body.get("response_format")
        return fmt["type"] if isinstance(fmt, dict) else "none"


class FakeAPI:
    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.profile: Profile | None = None
        # When the script is empty: a function of the request (a model with known habits),
        # else one reply for all (benchmarks answer every request alike).
        self.responder: Callable[[Request], Reply] | None = None
        self.default: Reply | None = None
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests ever handled at once
        # A concurrency limit: past it, a 429 with Retry-After (retry-after-ms), counted.
        self.limit: int | None = None
        self.limited = 0
        self.retry_after_ms = 200
        self._empty_sent = False
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                data = self.rfile.read(length)
                try:
                    body = json.loads(data or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": data.decode("utf-8", "replace")}
                headers = {k.lower(): v for k, v in self.headers.items()}
                with fake._lock:
                    fake.requests.append(Request(self.path, headers, body))
                    if fake.limit is not None and fake.in_flight >= fake.limit:
                        # A provider's concurrency limit: OpenAI's 429 and its Retry-After.
                        fake.limited += 1
                        wait = {"retry-after-ms": str(fake.retry_after_ms)}
                        reply = error(429, "Rate limit reached: too many requests in flight",
                                      type="requests", code="rate_limit_exceeded",
                                      headers=wait)  # fmt: skip
                    else:
                        reply = fake._reply(self.path, headers, body)
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    if reply.delay:
                        time.sleep(reply.delay)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.cut:
                        self.wfile.write(reply.body[: len(reply.body) // 2])
                        self.wfile.flush()
                        self.connection.shutdown(2)
                        self.close_connection = True
                        return
                    if reply.trickle:
                        for event in reply.body.split(b"\n\n"):
                            self.wfile.write(event + b"\n\n" if event else b"")
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                        return
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self._server = LoopbackServer(Handler)

    def _reply(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> Reply:
        """The next scripted reply, after the profile (if any) has had its say."""
        profile = self.profile
        expected = profile.path if profile else CHAT_PATH
        if path != expected:
            return error(404, f"fake: no route {path}", headers={"x-should-retry": "false"})
        if profile is not None:
            if not profile.authorized(headers):
                return error(401, "Incorrect API key provided", type="invalid_request_error")
            refusal = profile.refusal(body)
            if refusal is not None:
                return refusal
            kind = (body.get("response_format") or {}).get("type")
            if profile.empty_json_once and kind == "json_object" and not self._empty_sent:
                self._empty_sent = True
                return render_answer(Answer(""), body, profile.stream_usage)
        reply: Reply | None
        if not self.script and self.responder is not None:
            reply = self.responder(Request(path, headers, body))
        elif not self.script and self.default is None:
            return error(400, "fake: no scripted reply left", headers={"x-should-retry": "false"})
        else:
            reply = self.script.popleft() if self.script else self.default
        assert reply is not None
        if reply.answer is None:
            return reply
        answer = profile.dress(reply.answer) if profile else reply.answer
        rendered = render_answer(answer, body, profile.stream_usage if profile else True)
        rendered.delay, rendered.cut, rendered.trickle = reply.delay, reply.cut, reply.trickle
        return rendered

    @property
    def root(self) -> str:
        return self._server.origin

    @property
    def url(self) -> str:
        return f"{self.root}/v1"

    def add(self, *replies: Reply) -> FakeAPI:
        with self._lock:
            self.script.extend(replies)
        return self

    @property
    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.split("?")[0].endswith("/chat/completions")]

    def close(self) -> None:
        self._server.close()
