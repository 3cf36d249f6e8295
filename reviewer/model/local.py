"""Local model servers found on this machine: with no key and no provider chosen, reviewer asks
the default ports of Ollama, LM Studio, llama.cpp's server and vLLM (loopback only, a fraction of
a second, all at once) which models they serve, and says the exact command to use one, instead
of only "no API key". Each server's model list:
- Ollama: `GET /api/tags` → {"models": [{"name": ...}]} (https://docs.ollama.com/api/tags)
- LM Studio, llama.cpp, vLLM: `GET /v1/models` → {"data": [{"id": ...}]} (OpenAI's list)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

PROBE_TIMEOUT = 0.3  # seconds: a server on this machine answers at once, or is not there


@dataclass(frozen=True)
class Server:
    title: str
    port: int
    models_path: str  # the list of models, and its shape: /api/tags (Ollama) or /v1/models
    option: str  # how to point reviewer at it: a preset, or a base URL

    def command(self, model: str) -> str:
        return f"reviewer {self.option} --model {model} FILE..."


SERVERS: list[Server] = [
    Server("Ollama", 11434, "/api/tags", "--provider ollama"),
    Server("LM Studio", 1234, "/v1/models", "--provider lmstudio"),
    Server("llama.cpp server", 8080, "/v1/models", "--provider llamacpp"),
    Server("vLLM", 8000, "/v1/models", "--provider vllm"),
]


@dataclass(frozen=True)
class Found:
    server: Server
    models: tuple[str, ...]


def _listed(url: str, ollama: bool) -> tuple[str, ...] | None:
    """The models a server lists at `url`, or None when it does not answer with a list."""
    import httpx2  # the HTTP client the openai SDK brings

    try:
        # No proxy: the question is for this machine, never for a proxy that would answer it.
        response = httpx2.get(url, timeout=PROBE_TIMEOUT, trust_env=False)
        data = response.json() if response.status_code == 200 else None
    except (httpx2.HTTPError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    items = data.get("models") if ollama else data.get("data")
    key = "name" if ollama else "id"
    names = [str(item[key]) for item in items or [] if isinstance(item, dict) and key in item]
    return tuple(names)


def _models(server: Server) -> tuple[str, ...] | None:
    url = f"http://127.0.0.1:{server.port}{server.models_path}"
    return _listed(url, ollama=server.models_path == "/api/tags")


def served_models(base_url: str) -> tuple[str, ...]:
    """The models an OpenAI-compatible server on this machine serves (`GET {base}/models`), to
    name them when a model must be chosen; nothing for a server elsewhere."""
    from reviewer.model.preset import server

    if server(base_url)[0] != "localhost":
        return ()
    return _listed(base_url.rstrip("/") + "/models", ollama=False) or ()


def local_servers(servers: list[Server] | None = None) -> list[Found]:
    """The local servers that answer, with their models, in the order of `servers`."""
    servers = SERVERS if servers is None else servers
    answers: list[tuple[str, ...] | None] = [None] * len(servers)

    def ask(index: int) -> None:
        answers[index] = _models(servers[index])

    threads = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(len(servers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PROBE_TIMEOUT * 2)
    return [Found(s, m) for s, m in zip(servers, answers, strict=True) if m is not None]


def local_hint() -> str:
    """What to say after "no API key" when a local server is running ('' when none is)."""
    found = local_servers()
    if not found:
        return ""
    first = found[0]
    listed = ", ".join(first.models[:5]) + (" ..." if len(first.models) > 5 else "")
    models = f" with {listed}" if first.models else " (no model pulled yet)"
    hint = f"; a local {first.server.title} is running on port {first.server.port}{models}"
    if first.models:
        hint += f": use it with `{first.server.command(first.models[0])}`"
    others = [f.server.title for f in found[1:]]
    return hint + (f" (also running: {', '.join(others)})" if others else "")
