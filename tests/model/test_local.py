"""Local servers found: with no key and no provider chosen, the message names the local server
that answers on its default port, its models, and the command to use it. The servers are faked
on loopback ports (their list shapes from Ollama's https://docs.ollama.com/api/tags and OpenAI's
`GET /v1/models`, which LM Studio, llama.cpp and vLLM serve)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reviewer.model import local
from tests.conftest import Run
from tests.loopback import Call, LoopbackServer, serve_json


@dataclass
class FakeModels:
    """A local server's list of models, as Ollama (`/api/tags`) or the others (`/v1/models`)."""

    models: list[str]
    calls: list[Call] = field(default_factory=list)

    def respond(
        self, method: str, target: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        if method == "GET" and target == "/api/tags":
            return 200, {"models": [{"name": m, "model": m, "size": 1} for m in self.models]}, {}
        if method == "GET" and target == "/v1/models":
            return 200, {"object": "list", "data": [{"id": m, "object": "model"}
                                                    for m in self.models]}, {}  # fmt: skip
        return 404, {"error": "not found"}, {}


def port_of(server: LoopbackServer) -> int:
    return int(server.server_address[1])


@pytest.fixture
def ollama(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeModels]:
    fake = FakeModels(["qwen2.5-coder:7b", "llama3.1:8b"])
    server = serve_json(fake)
    with socket.socket() as free:  # a port that nothing listens on: LM Studio is not running
        free.bind(("127.0.0.1", 0))
        unused = int(free.getsockname()[1])
    monkeypatch.setattr(local, "SERVERS", [
        local.Server("Ollama", port_of(server), "/api/tags", "--provider ollama"),
        local.Server("LM Studio", unused, "/v1/models", "--provider lmstudio"),
    ])  # fmt: skip
    yield fake
    server.close()


def test_with_no_key_the_message_names_the_local_server_and_its_models(
    cli: Callable[..., Run], ollama: FakeModels
) -> None:
    Path("app.py").write_text("x = 1\n")
    done = cli("app.py", env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None})
    assert done.exit_code == 2
    assert "no API key for OpenAI" in done.stderr
    assert "a local Ollama is running on port" in done.stderr
    assert "qwen2.5-coder:7b, llama3.1:8b" in done.stderr
    assert "`reviewer --provider ollama --model qwen2.5-coder:7b FILE...`" in done.stderr
    assert [c.path for c in ollama.calls] == ["/api/tags"]


def test_with_no_local_server_the_message_says_how_to_use_one(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "SERVERS", [])
    Path("app.py").write_text("x = 1\n")
    done = cli("app.py", env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None})
    assert done.exit_code == 2 and "pass --provider ollama" in done.stderr


def test_an_openai_style_server_lists_its_models() -> None:
    fake = FakeModels(["qwen2.5-coder-14b-instruct"])
    server = serve_json(fake)
    try:
        studio = local.Server("LM Studio", port_of(server), "/v1/models", "--base-url x")
        [found] = local.local_servers([studio])
        assert found.models == ("qwen2.5-coder-14b-instruct",)
    finally:
        server.close()
