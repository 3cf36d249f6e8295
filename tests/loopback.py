"""The HTTP server under every fake (model API, GitHub, GitLab): 127.0.0.1, a free port, served
on daemon threads; and the JSON request/answer loop the REST fakes share."""

from __future__ import annotations

import json
import sys
import threading
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up mid-answer (a timeout test) is no error. Anything else goes to
        the real stderr: socketserver's default writes to sys.stderr, which may be the captured
        output of whichever test runs at that moment, on another thread."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        traceback.print_exc(file=sys.__stderr__)


@dataclass
class Call:
    """One request a fake received."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: Any


class JsonFake(Protocol):
    """A fake REST API: it answers each request with (status, JSON body, headers)."""

    calls: list[Call]

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any, dict[str, str]]: ...


def serve_json(fake: JsonFake) -> LoopbackServer:
    """A server that records each request on `fake` and answers as `fake.respond` says, one
    request at a time (the fakes keep state)."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("latin-1")
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                fake.calls.append(Call(self.command, self.path, headers, body))
                status, answer, extra = fake.respond(self.command, self.path, headers, body)
            # A text answer goes as text (Slack answers `ok`), anything else as JSON.
            text = isinstance(answer, str)
            data = answer.encode() if text else json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if text else "application/json")
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = _handle

    return LoopbackServer(Handler)
