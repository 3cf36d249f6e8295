"""Provider presets: data about each OpenAI-compatible provider, never branches in the client.

A preset gives defaults (base URL, key variable, model) that sit below the config file in
precedence, and capabilities (structured-output formats, temperature range, parameters the
provider rejects) that shape each request. Users add their own under `[providers.NAME]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from reviewer.errors import UsageError

# Structured-output modes, best first. "tools" forces one function call whose arguments are
# the JSON; "text" asks in words only. Every ladder ends with "text".
FORMATS = ("json_schema", "json_object", "tools", "text")
# Request parameters a user may set, beyond model and messages.
PARAMETERS = (
    "temperature", "top_p", "max_tokens", "seed", "stop", "frequency_penalty",
    "presence_penalty",
)  # fmt: skip


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
    base_url: str | None  # None: the user must give one
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

    def ladder(self) -> tuple[str, ...]:
        claimed = [fmt for fmt in self.formats if fmt in FORMATS and fmt != "text"]
        return (*claimed, "text")

    def rejected(self, model: str) -> frozenset[str]:
        out = set(self.rejects)
        for rule in self.rules:
            if re.search(rule.pattern, model):
                out |= rule.rejects
        return frozenset(out)

    def renamed(self, model: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for rule in self.rules:
            if re.search(rule.pattern, model):
                out.update(rule.renames)
        return out

    def reply_tokens(self, model: str) -> int | None:
        """The cap on a reply's tokens (`max_tokens`) that a rule gives this model, if any."""
        for rule in self.rules:
            if rule.reply_tokens is not None and re.search(rule.pattern, model):
                return rule.reply_tokens
        return None

    def clamp(self, temperature: float) -> float:
        low, high = self.temperature
        return min(max(temperature, low), high)


# A reasoning model's thinking counts against the reply cap (see tokens.reply_cap): it gets
# this much, whatever the size of the request, so the cap never cuts a healthy reasoning reply.
REASONING_REPLY_TOKENS = 16_384
# OpenAI's reasoning models take only the default temperature and want max_completion_tokens.
_OPENAI_REASONING = ModelRule(
    r"^(o\d|gpt-5)",
    rejects=frozenset({"temperature", "top_p", "frequency_penalty", "presence_penalty"}),
    renames={"max_tokens": "max_completion_tokens"},
    reply_tokens=REASONING_REPLY_TOKENS,
)
_DEEPSEEK_REASONER = ModelRule(
    r"reasoner|r1",
    rejects=frozenset({"temperature", "top_p", "frequency_penalty", "presence_penalty"}),
    reply_tokens=REASONING_REPLY_TOKENS,
)
# Open reasoning models as local servers name them (Ollama's deepseek-r1, qwq, qwen3, ...).
_LOCAL_REASONING = ModelRule(
    r"(?i)deepseek-r1|\br1\b|reason|qwq|qwen3|think|gpt-oss|magistral|phi4-reasoning",
    reply_tokens=REASONING_REPLY_TOKENS,
)

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "openai", "OpenAI", "https://api.openai.com/v1", ("OPENAI_API_KEY",), "gpt-4.1-mini",
            openai_key=True, rules=(_OPENAI_REASONING,),
        ),
        Preset(
            "deepseek", "DeepSeek", "https://api.deepseek.com", ("DEEPSEEK_API_KEY",),
            "deepseek-chat", formats=("json_object", "tools"), rules=(_DEEPSEEK_REASONER,),
        ),
        Preset(
            "qwen", "Qwen on Alibaba Cloud DashScope",
            "https://dashscope.aliyuncs.com/compatible-mode/v1", ("DASHSCOPE_API_KEY",),
            "qwen-plus", formats=("json_object", "tools"), temperature=(0.0, 1.99),
        ),
        Preset(
            "doubao", "Doubao on Volcengine Ark", "https://ark.cn-beijing.volces.com/api/v3",
            ("ARK_API_KEY",), "doubao-seed-1-6-250615", formats=("json_object", "tools"),
        ),
        Preset(
            "siliconflow", "SiliconFlow", "https://api.siliconflow.cn/v1",
            ("SILICONFLOW_API_KEY",), "Qwen/Qwen2.5-Coder-32B-Instruct",
            formats=("json_object", "tools"),
        ),
        Preset(
            "zhipu", "Zhipu GLM (BigModel)", "https://open.bigmodel.cn/api/paas/v4",
            ("ZAI_API_KEY", "ZHIPUAI_API_KEY"), "glm-4-plus", formats=("json_object", "tools"),
            temperature=(0.01, 1.0),
            rejects=frozenset({"seed", "frequency_penalty", "presence_penalty"}),
        ),
        Preset(
            "lingyiwanwu", "01.AI (Lingyiwanwu)", "https://api.lingyiwanwu.com/v1",
            ("LINGYIWANWU_API_KEY", "YI_API_KEY"), "yi-lightning", formats=("json_object",),
        ),
        Preset(
            "tencent", "DeepSeek on Tencent Cloud (LKEAP)", "https://api.lkeap.cloud.tencent.com/v1",
            ("LKEAP_API_KEY", "TENCENTCLOUD_API_KEY"), "deepseek-v3.1",
            formats=("json_object",), rules=(_DEEPSEEK_REASONER,),
        ),
        # Ollama's json_schema format constrains the output to the schema (its `format`).
        Preset(
            "ollama", "Ollama (local)", "http://localhost:11434/v1", ("OLLAMA_API_KEY",),
            "qwen2.5-coder:7b", keyless=True, openai_key=True, local=True,
            rules=(_LOCAL_REASONING,),
        ),
        # llama.cpp's server (llama-server, and llama-cpp-python's) turns a schema given with
        # json_object into a grammar that the output must follow; json_schema is not accepted by
        # every build, so json_object with the schema comes first. One request at a time:
        # llama-cpp-python serves one anyway, and a new request interrupts a stream in progress.
        Preset(
            "llamacpp", "llama.cpp server (local)", "http://localhost:8080/v1", (), "local-model",
            formats=("json_object",), object_schema=True, keyless=True, openai_key=True,
            local=True, jobs=1, rules=(_LOCAL_REASONING,),
        ),
        Preset(
            "openai-compatible", "Any OpenAI-compatible server", None, (), None,
            openai_key=True, keyless=True, rules=(_LOCAL_REASONING,),
        ),
    )
}  # fmt: skip
GENERIC = "openai-compatible"


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


def _server(url: str | None) -> tuple[str, int | None]:
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


def infer_preset(base_url: str | None, custom: Mapping[str, Preset]) -> Preset:
    """No --provider: the preset whose base URL has this host (and port, where the preset's URL
    names one), else OpenAI or the generic one."""
    if not base_url:
        return PRESETS["openai"]
    host, port = _server(base_url)
    for preset in (*custom.values(), *PRESETS.values()):
        if not preset.base_url:
            continue
        preset_host, preset_port = _server(preset.base_url)
        if preset_host == host and preset_port in (None, port):
            return preset
    return PRESETS[GENERIC]


_CUSTOM_KEYS = {
    "base_url", "key_vars", "model", "formats", "temperature", "rejects", "openai_key",
    "keyless", "stream_usage", "object_schema", "title", "like",
}  # fmt: skip


def custom_presets(tables: Mapping[str, Any]) -> dict[str, Preset]:
    """Presets from the config file's `[providers.NAME]` tables. `like = "deepseek"` starts from
    a built-in preset; every other key replaces that preset's value."""
    out: dict[str, Preset] = {}
    for name, table in tables.items():
        where = f"providers.{name}"
        if not isinstance(table, Mapping):
            raise UsageError(f"{where} must be a table")
        unknown = sorted(set(table) - _CUSTOM_KEYS)
        if unknown:
            raise UsageError(f"unknown key '{unknown[0]}' in {where}")
        base = PRESETS.get(str(table.get("like", GENERIC)))
        if base is None:
            raise UsageError(f"{where}: like = '{table['like']}' names no built-in provider")
        values: dict[str, Any] = {"name": name, "title": str(table.get("title", name))}
        try:
            for key in ("base_url", "model"):
                if key in table:
                    values[key] = str(table[key])
            if "key_vars" in table:
                values["key_vars"] = tuple(str(v) for v in _listed(table["key_vars"]))
            if "formats" in table:
                formats = tuple(str(v) for v in _listed(table["formats"]))
                bad = [fmt for fmt in formats if fmt not in FORMATS]
                if bad:
                    raise UsageError(f"{where}: unknown format '{bad[0]}' (one of {FORMATS})")
                values["formats"] = formats
            if "temperature" in table:
                low, high = (float(v) for v in table["temperature"])
                values["temperature"] = (low, high)
            if "rejects" in table:
                values["rejects"] = frozenset(str(v) for v in _listed(table["rejects"]))
            for key in ("openai_key", "keyless", "stream_usage", "object_schema"):
                if key in table:
                    if not isinstance(table[key], bool):
                        raise UsageError(f"{where}.{key} must be true or false")
                    values[key] = table[key]
        except (TypeError, ValueError):
            raise UsageError(f"{where}: bad value (see README.md, Providers)") from None
        out[name] = replace(base, **values)
    return out


def _listed(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value)


def find_preset(name: str, custom: Mapping[str, Preset]) -> Preset:
    preset = custom.get(name) or PRESETS.get(name)
    if preset is None:
        import difflib

        known = sorted({*PRESETS, *custom})
        close = difflib.get_close_matches(name, known, n=1)
        guess = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown provider '{name}' ({guess}one of: {', '.join(known)})")
    return preset
