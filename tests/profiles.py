"""Each provider as its own documentation describes it, for the fake to play (fakeapi.Profile):
where it listens, how it wants the key, which structured-output formats it takes, its temperature
range and the parameters it refuses. The pages:

- OpenAI: https://platform.openai.com/docs/api-reference/chat/create
- Azure OpenAI: https://learn.microsoft.com/azure/ai-services/openai/reference
  (POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=..., `api-key`)
- Anthropic: https://docs.claude.com/en/api/openai-sdk (response_format ignored; temperature 0-1)
- Gemini: https://ai.google.dev/gemini-api/docs/openai (errors as a list of one error object)
- DeepSeek: https://api-docs.deepseek.com/guides/json_mode (the word "json"; empty content)
- Qwen: https://help.aliyun.com/zh/model-studio/json-mode ; Doubao, SiliconFlow, Zhipu, 01.AI,
  Tencent LKEAP: see README.md, Providers
- Moonshot Kimi: https://platform.kimi.ai/docs/api/models-overview (K2.5 and later fix sampling)
- MiniMax: https://platform.minimaxi.com/docs (temperature (0, 1]; <think> in content)
- Qianfan: https://cloud.baidu.com/doc/qianfan-api/s/3m7of64lb (v2, a Bearer API key)
- Hunyuan: https://cloud.tencent.com/document/product/1729/111007
- StepFun: https://platform.stepfun.com/docs/api-reference/chat/chat-completion-create
- OpenRouter: https://openrouter.ai/docs/api-reference/overview
- Groq: https://console.groq.com/docs/openai (logprobs, logit_bias, top_logprobs: a 400)
- Mistral: https://docs.mistral.ai/api/#tag/chat (`random_seed`; unknown fields refused)
- vLLM: https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
- LM Studio: https://lmstudio.ai/docs/developer/openai-compat/structured-output (no json_object)
- llama.cpp: https://github.com/ggml-org/llama.cpp/tree/master/tools/server (json_object only,
  a 500 for the rest)
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

import pytest

from reviewer.model import providers
from reviewer.model.providers import PRESETS
from tests.conftest import API_KEY
from tests.fakeapi import FakeAPI, Profile

OBJECT_TOOLS = frozenset({"json_object", "tools"})
AZURE_DEPLOYMENT = "review-4o"
AZURE_VERSION = "2024-10-21"

PROFILES: dict[str, Profile] = {
    "openai": Profile("/v1/chat/completions", API_KEY),
    "azure": Profile(
        f"/openai/deployments/{AZURE_DEPLOYMENT}/chat/completions?api-version={AZURE_VERSION}",
        API_KEY, key_header="api-key",
    ),
    "anthropic": Profile(
        "/v1/chat/completions", API_KEY, frozenset({"tools"}), temperature=(0.0, 1.0)
    ),
    "gemini": Profile("/v1beta/openai/chat/completions", API_KEY, list_errors=True),
    "deepseek": Profile(
        "/chat/completions", API_KEY, OBJECT_TOOLS, json_word=True, empty_json_once=True
    ),
    "qwen": Profile(
        "/compatible-mode/v1/chat/completions", API_KEY, OBJECT_TOOLS, json_word=True,
        temperature=(0.0, 1.99),
    ),
    "doubao": Profile("/api/v3/chat/completions", API_KEY, OBJECT_TOOLS),
    "siliconflow": Profile("/v1/chat/completions", API_KEY, OBJECT_TOOLS),
    "zhipu": Profile(
        "/api/paas/v4/chat/completions", API_KEY, OBJECT_TOOLS, temperature=(0.01, 1.0),
        refuses=frozenset({"seed"}),
    ),
    "moonshot": Profile(
        "/v1/chat/completions", API_KEY, OBJECT_TOOLS, temperature=(0.0, 1.0),
        fixed_sampling=r"^kimi-k(2\.\d|[3-9])", reasoning="The user wants json.",
    ),
    "minimax": Profile(
        "/v1/chat/completions", API_KEY, frozenset({"tools"}), temperature=(0.01, 1.0), think=True
    ),
    "qianfan": Profile(
        "/v2/chat/completions", API_KEY, OBJECT_TOOLS, temperature=(0.01, 1.0)
    ),
    "hunyuan": Profile("/v1/chat/completions", API_KEY, OBJECT_TOOLS),
    "stepfun": Profile(
        "/v1/chat/completions", API_KEY, OBJECT_TOOLS,
        refuses=frozenset({"seed", "presence_penalty"}),
    ),
    "lingyiwanwu": Profile("/v1/chat/completions", API_KEY, frozenset({"json_object"})),
    "tencent": Profile(
        "/v1/chat/completions", API_KEY, frozenset({"json_object"}),
        reasoning="The loop bound looks wrong; the user wants JSON.",
    ),
    "openrouter": Profile("/api/v1/chat/completions", API_KEY),
    "groq": Profile(
        "/openai/v1/chat/completions", API_KEY,
        refuses=frozenset({"logprobs", "logit_bias", "top_logprobs"}),
    ),
    "mistral": Profile(
        "/v1/chat/completions", API_KEY, temperature=(0.0, 1.5),
        refuses=frozenset({"seed", "stream_options"}),
    ),
    "ollama": Profile("/v1/chat/completions", None, think=True),
    "vllm": Profile("/v1/chat/completions", None),
    "lmstudio": Profile("/v1/chat/completions", None, frozenset({"json_schema", "tools"})),
    "llamacpp": Profile(
        "/v1/chat/completions", None, frozenset({"json_object"}), format_status=500
    ),
    # A llama.cpp server reached through a base URL alone.
    "openai-compatible": Profile(
        "/v1/chat/completions", None, frozenset({"json_object"}), format_status=500
    ),
}  # fmt: skip
# The format each one is first asked with, as its preset's ladder says.
EXPECTED_FORMAT = {
    "openai": "json_schema", "azure": "json_schema", "anthropic": "tools", "gemini": "json_schema",
    "deepseek": "json_object", "qwen": "json_object", "doubao": "json_object",
    "siliconflow": "json_object", "zhipu": "json_object", "moonshot": "json_object",
    "minimax": "tools", "qianfan": "json_object", "hunyuan": "json_object",
    "stepfun": "json_object", "lingyiwanwu": "json_object", "tencent": "json_object",
    "openrouter": "json_schema", "groq": "json_schema", "mistral": "json_schema",
    "ollama": "json_schema", "vllm": "json_schema", "lmstudio": "json_schema",
    "llamacpp": "json_object", "openai-compatible": "json_object",
}  # fmt: skip
NO_OPENAI: dict[str, str | None] = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None}


def play(fake: FakeAPI, monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Make the fake play a provider, and point that preset's base URL at it (same path, so the
    path the provider expects is checked). Returns the arguments a user would type."""
    fake.profile = PROFILES[name]
    preset = PRESETS[name]
    args = ["--provider", name]
    if preset.needs_model:
        args += ["--model", AZURE_DEPLOYMENT if preset.api == "azure" else "served/model"]
    if preset.base_vars:  # Azure's endpoint, from its variable
        monkeypatch.setenv(preset.base_vars[0], fake.root)
        return args
    if preset.base_url is None:
        return [*args, "--base-url", fake.url]
    path = urlsplit(preset.base_url).path
    monkeypatch.setitem(
        providers.PRESETS, name, dataclasses.replace(preset, base_url=fake.root + path)
    )
    return args


def key_env(name: str) -> dict[str, str | None]:
    preset = PRESETS[name]
    env: dict[str, str | None] = dict(NO_OPENAI)
    if preset.key_vars and not preset.keyless:
        env[preset.key_vars[0]] = API_KEY
    return env


def sent_format(body: dict[str, object]) -> str:
    if body.get("tools"):
        return "tools"
    kind = body.get("response_format")
    return str(kind["type"]) if isinstance(kind, dict) else "text"
