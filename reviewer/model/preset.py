"""What a provider preset says about a provider: data, never branches in the client.

A preset gives defaults (base URL, key variable, model) that sit below the config file in
precedence, and capabilities (structured-output formats, temperature range, parameters the
provider rejects) that shape each request. The built-in ones are in presets.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Structured-output modes, best first. "tools" forces one function call whose arguments are
# the JSON; "text" asks in words only. Every ladder ends with "text".
FORMATS = ("json_schema", "json_object", "tools", "text")
# Request parameters a user may set, beyond model and messages.
PARAMETERS = (
    "temperature", "top_p", "max_tokens", "seed", "stop", "frequency_penalty",
    "presence_penalty",
)  # fmt: skip
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


def server(url: str | None) -> tuple[str, int | None]:
    """Host and port: on this machine the port tells local servers apart (Ollama's 11434,
    llama.cpp's 8080), and every loopback name is one host."""
    if not url:
        return "", None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return ("localhost" if host in _LOOPBACK else host), port


@dataclass(frozen=True)
class ModelRule:
    """Quirks of some of a provider's models, matched by name (e.g. OpenAI's reasoning models)."""

    pattern: str
    rejects: frozenset[str] = frozenset()
    renames: Mapping[str, str] = field(default_factory=dict)
    # The reply cap when none is set: reasoning models spend much of it thinking.
    reply_tokens: int | None = None


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    base_url: str | None  # None: the user must give one (or set a variable of `base_vars`)
    key_vars: tuple[str, ...]  # the provider's own variables, first found wins
    model: str | None  # None: the user must name one
    formats: tuple[str, ...] = FORMATS
    temperature: tuple[float, float] = (0.0, 2.0)  # inclusive; (0.01, 1) where 0 is refused
    rejects: frozenset[str] = frozenset()
    # Whether OPENAI_API_KEY may stand in for the provider's own variable. Only where the key
    # goes to OpenAI or to a server the user chose: an OpenAI key is never sent to a third party.
    openai_key: bool = False
    keyless: bool = False  # a local server that needs no key
    # A server on this machine: replies stream by default, so that one caught in a loop is
    # stopped as soon as it repeats itself (stream.runaway), not at the token cap.
    local: bool = False
    jobs: int | None = None  # requests in flight at once by default, where the server needs it
    stream_usage: bool = True  # accepts stream_options.include_usage
    # json_object requests carry the schema too (vLLM and some gateways take it there).
    object_schema: bool = False
    rules: tuple[ModelRule, ...] = ()
    # The SDK client: "openai", or "azure" for its AzureOpenAI client (the deployment in the
    # path, `api-version` in the query, the key in an `api-key` header).
    api: str = "openai"
    base_vars: tuple[str, ...] = ()  # variables that give the base URL (Azure's endpoint)
    model_vars: tuple[str, ...] = ()  # variables that name the model (Azure's deployment)
    api_version: str | None = None  # the `api-version` sent when none is set (Azure)
    version_vars: tuple[str, ...] = ()  # variables that give the api-version
    # The model must be named, never defaulted: a deployment, or what a server happens to serve.
    needs_model: bool = False
    # Other hosts the preset is inferred from: a regional endpoint, or ".domain" for any host
    # under it (every Azure resource has its own).
    hosts: tuple[str, ...] = ()

    def ladder(self) -> tuple[str, ...]:
        claimed = [fmt for fmt in self.formats if fmt in FORMATS and fmt != "text"]
        return (*claimed, "text")

    def _matching(self, model: str) -> list[ModelRule]:
        return [rule for rule in self.rules if re.search(rule.pattern, model)]

    def rejected(self, model: str) -> frozenset[str]:
        out = set(self.rejects)
        for rule in self._matching(model):
            out |= rule.rejects
        return frozenset(out)

    def renamed(self, model: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for rule in self._matching(model):
            out.update(rule.renames)
        return out

    def reply_tokens(self, model: str) -> int | None:
        """The cap on a reply's tokens (`max_tokens`) that a rule gives this model, if any."""
        for rule in self._matching(model):
            if rule.reply_tokens is not None:
                return rule.reply_tokens
        return None

    def clamp(self, temperature: float) -> float:
        low, high = self.temperature
        return min(max(temperature, low), high)

    def serves(self, host: str, port: int | None) -> bool:
        """Whether a base URL on this host (and port) is this provider's."""
        if self.base_url:
            own_host, own_port = server(self.base_url)
            if own_host == host and own_port in (None, port):
                return True
        return any(host == h or (h.startswith(".") and host.endswith(h)) for h in self.hosts)
