"""A fake OpenAI-compatible API: a real HTTP server on 127.0.0.1 with scripted replies.

Tests drive it through the real openai SDK by running the command line. Each request takes the
next scripted reply; a request with nothing left in the script gets a 400 that the SDK does not
retry, so a test that sends more than it expected fails loudly.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATH = "/v1/chat/completions"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


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
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning_content is not None:
        message["reasoning_content"] = reasoning_content
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
    return Reply(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def review_json(
    score: int = 7, summary: str = "Looks fine.", issues: list[Any] | None = None
) -> str:
    return json.dumps({"score": score, "summary": summary, "issues": issues or []})


def issue(
    line: int,
    title: str = "Off-by-one in loop bound",
    *,
    severity: str = "high",
    category: str = "bug",
    end_line: int | None = None,
    quote: str = "",
    suggestion: str | None = "Fix it.",
    message: str = "It reads past the end.",
) -> dict[str, Any]:
    return {
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


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def response_format(self) -> str:
        fmt = self.body.get("response_format")
        return fmt["type"] if isinstance(fmt, dict) else "none"


class FakeAPI:
    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.requests: list[Request] = []
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
                with fake._lock:
                    fake.requests.append(
                        Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    reply = fake.script.popleft() if fake.script else None
                if self.path != CHAT_PATH:
                    reply = error(404, f"fake: no route {self.path}")
                elif reply is None:
                    reply = error(
                        400, "fake: no scripted reply left", headers={"x-should-retry": "false"}
                    )
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def add(self, *replies: Reply) -> FakeAPI:
        with self._lock:
            self.script.extend(replies)
        return self

    @property
    def chat_requests(self) -> list[Request]:
        return [request for request in self.requests if request.path == CHAT_PATH]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
