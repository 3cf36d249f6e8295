"""The built-in provider presets, each from its provider's own documentation (README.md,
Providers, links every page). Users add their own under `[providers.NAME]` (providers.py)."""

from __future__ import annotations

from reviewer.model.preset import ModelRule, Preset

# A reasoning model's thinking counts against the reply cap (see tokens.reply_cap): it gets
# this much, whatever the size of the request, so the cap never cuts a healthy reasoning reply.
REASONING_REPLY_TOKENS = 16_384
_SAMPLING = frozenset({"temperature", "top_p", "frequency_penalty", "presence_penalty"})
# OpenAI's reasoning models take only the default temperature and want max_completion_tokens.
_OPENAI_REASONING = ModelRule(
    r"^(o\d|gpt-5)",
    rejects=_SAMPLING,
    renames={"max_tokens": "max_completion_tokens"},
    reply_tokens=REASONING_REPLY_TOKENS,
)
_DEEPSEEK_REASONER = ModelRule(
    r"reasoner|r1", rejects=_SAMPLING, reply_tokens=REASONING_REPLY_TOKENS
)
# Open reasoning models as local servers and hosts name them (deepseek-r1, qwq, qwen3, ...).
_OPEN_REASONING = ModelRule(
    r"(?i)deepseek-r1|\br1\b|reason|qwq|qwen3|think|gpt-oss|magistral|phi4-reasoning",
    reply_tokens=REASONING_REPLY_TOKENS,
)
# Kimi K2.5 and later fix their sampling: "invalid temperature: only 1 is allowed for this
# model", and likewise top_p and the penalties (https://platform.kimi.ai/docs/api/models-overview).
_KIMI_FIXED = ModelRule(
    r"(?i)^kimi-k(2\.\d|[3-9])|thinking", rejects=_SAMPLING, reply_tokens=REASONING_REPLY_TOKENS
)
# Gemini 2.5 and later think, and the thinking is paid out of the output tokens.
_GEMINI_THINKING = ModelRule(r"gemini-(2\.5|[3-9])", reply_tokens=REASONING_REPLY_TOKENS)
# MiniMax's M models reason in a <think> block before the answer.
_MINIMAX_THINKING = ModelRule(r"(?i)minimax-m", reply_tokens=REASONING_REPLY_TOKENS)
# StepFun's step-3 models reason (the `reasoning` field).
_STEP_REASONING = ModelRule(r"^step-3", reply_tokens=REASONING_REPLY_TOKENS)
# Mistral names the seed `random_seed` (https://docs.mistral.ai/api/#tag/chat).
_MISTRAL_SEED = ModelRule(r"", renames={"seed": "random_seed"})
_MAGISTRAL = ModelRule(r"magistral", reply_tokens=REASONING_REPLY_TOKENS)
# Through OpenRouter, models keep their maker's name: OpenAI's reasoning models and the open ones.
_ROUTED_REASONING = ModelRule(
    r"(?i)^openai/(o\d|gpt-5)|deepseek-r1|reasoner|qwq|qwen3|think|gpt-oss|gemini-(2\.5|[3-9])",
    reply_tokens=REASONING_REPLY_TOKENS,
)

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "openai", "OpenAI", "https://api.openai.com/v1", ("OPENAI_API_KEY",), "gpt-4.1-mini",
            openai_key=True, rules=(_OPENAI_REASONING,),
        ),
        # The SDK's AzureOpenAI client: {endpoint}/openai/deployments/{model}/chat/completions
        # ?api-version=..., with the key in `api-key`; the model is the deployment's name.
        # 2024-10-21 is the latest GA data-plane version, with structured outputs
        # (https://learn.microsoft.com/azure/ai-services/openai/reference).
        Preset(
            "azure", "Azure OpenAI", None, ("AZURE_OPENAI_API_KEY",), None, api="azure",
            base_vars=("AZURE_OPENAI_ENDPOINT",),
            model_vars=("AZURE_OPENAI_DEPLOYMENT", "AZURE_OPENAI_DEPLOYMENT_NAME"),
            api_version="2024-10-21", version_vars=("OPENAI_API_VERSION",), needs_model=True,
            hosts=(".openai.azure.com", ".cognitiveservices.azure.com"),
            rules=(_OPENAI_REASONING,),
        ),
        # response_format is ignored there; forced tool calls work. Temperature is 0 to 1;
        # seed and the penalties are ignored (https://docs.claude.com/en/api/openai-sdk).
        Preset(
            "anthropic", "Anthropic Claude (OpenAI SDK compatibility)",
            "https://api.anthropic.com/v1", ("ANTHROPIC_API_KEY",), "claude-sonnet-4-5",
            formats=("tools",), temperature=(0.0, 1.0),
            rejects=frozenset({"seed", "frequency_penalty", "presence_penalty"}),
        ),
        # https://ai.google.dev/gemini-api/docs/openai: structured outputs through
        # response_format, function calling, a Bearer key.
        Preset(
            "gemini", "Google Gemini (OpenAI compatibility)",
            "https://generativelanguage.googleapis.com/v1beta/openai",
            ("GEMINI_API_KEY", "GOOGLE_API_KEY"), "gemini-2.5-flash",
            rules=(_GEMINI_THINKING,),
        ),
        Preset(
            "deepseek", "DeepSeek", "https://api.deepseek.com", ("DEEPSEEK_API_KEY",),
            "deepseek-chat", formats=("json_object", "tools"), rules=(_DEEPSEEK_REASONER,),
        ),
        Preset(
            "qwen", "Qwen on Alibaba Cloud DashScope",
            "https://dashscope.aliyuncs.com/compatible-mode/v1", ("DASHSCOPE_API_KEY",),
            "qwen-plus", formats=("json_object", "tools"), temperature=(0.0, 1.99),
            hosts=("dashscope-intl.aliyuncs.com",),
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
        # https://platform.moonshot.cn/docs/api/chat: JSON mode and tools; temperature 0 to 1.
        Preset(
            "moonshot", "Moonshot Kimi", "https://api.moonshot.cn/v1", ("MOONSHOT_API_KEY",),
            "kimi-k2.6", formats=("json_object", "tools"), temperature=(0.0, 1.0),
            hosts=("api.moonshot.ai",), rules=(_KIMI_FIXED,),
        ),
        # https://platform.minimaxi.com/docs: temperature in (0, 1], 0 refused; no
        # response_format on the M models, tools instead.
        Preset(
            "minimax", "MiniMax", "https://api.minimaxi.com/v1", ("MINIMAX_API_KEY",),
            "MiniMax-M2.7", formats=("tools",), temperature=(0.01, 1.0),
            hosts=("api.minimax.io",), rules=(_MINIMAX_THINKING,),
        ),
        # Qianfan's OpenAI-compatible v2 API, a Bearer API key
        # (https://cloud.baidu.com/doc/qianfan-api/s/3m7of64lb): ERNIE's temperature is (0, 1].
        Preset(
            "qianfan", "Baidu Qianfan (ERNIE)", "https://qianfan.baidubce.com/v2",
            ("QIANFAN_API_KEY",), "ernie-4.5-turbo-128k", formats=("json_object", "tools"),
            temperature=(0.01, 1.0),
        ),
        # https://cloud.tencent.com/document/product/1729/111007
        Preset(
            "hunyuan", "Tencent Hunyuan", "https://api.hunyuan.cloud.tencent.com/v1",
            ("HUNYUAN_API_KEY",), "hunyuan-turbos-latest", formats=("json_object", "tools"),
        ),
        # https://platform.stepfun.com/docs/api-reference/chat/chat-completion-create: JSON mode;
        # no seed or presence_penalty among its parameters.
        Preset(
            "stepfun", "StepFun", "https://api.stepfun.com/v1", ("STEPFUN_API_KEY", "STEP_API_KEY"),
            "step-3.5-flash", formats=("json_object", "tools"),
            rejects=frozenset({"seed", "presence_penalty"}), hosts=("api.stepfun.ai",),
            rules=(_STEP_REASONING,),
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
        # https://openrouter.ai/docs/api-reference/overview: models named maker/model;
        # parameters a model lacks are dropped by OpenRouter itself.
        Preset(
            "openrouter", "OpenRouter", "https://openrouter.ai/api/v1", ("OPENROUTER_API_KEY",),
            "openai/gpt-4.1-mini", rules=(_ROUTED_REASONING,),
        ),
        # https://console.groq.com/docs/openai: logprobs, logit_bias and top_logprobs are a
        # 400 (never sent); json_schema on the models that have structured outputs.
        Preset(
            "groq", "Groq", "https://api.groq.com/openai/v1", ("GROQ_API_KEY",),
            "openai/gpt-oss-120b", rules=(_OPEN_REASONING,),
        ),
        # https://docs.mistral.ai/api/#tag/chat: `random_seed`; no stream_options (usage comes
        # in the last chunk anyway).
        Preset(
            "mistral", "Mistral AI", "https://api.mistral.ai/v1", ("MISTRAL_API_KEY",),
            "mistral-medium-latest", temperature=(0.0, 1.5), stream_usage=False,
            rules=(_MISTRAL_SEED, _MAGISTRAL),
        ),
        # Ollama's json_schema format constrains the output to the schema (its `format`).
        Preset(
            "ollama", "Ollama (local)", "http://localhost:11434/v1", ("OLLAMA_API_KEY",),
            "qwen2.5-coder:7b", keyless=True, openai_key=True, local=True,
            rules=(_OPEN_REASONING,),
        ),
        # vLLM's structured outputs take json_schema (and a schema with json_object); a key
        # only when the server was started with --api-key (https://docs.vllm.ai/en/latest/
        # serving/openai_compatible_server.html). The model is whatever it serves.
        Preset(
            "vllm", "vLLM server (local)", "http://localhost:8000/v1", ("VLLM_API_KEY",), None,
            object_schema=True, keyless=True, openai_key=True, local=True, needs_model=True,
            rules=(_OPEN_REASONING,),
        ),
        # LM Studio takes json_schema but not json_object
        # (https://lmstudio.ai/docs/developer/openai-compat/structured-output).
        Preset(
            "lmstudio", "LM Studio (local)", "http://localhost:1234/v1", (), None,
            formats=("json_schema", "tools"), keyless=True, openai_key=True, local=True,
            needs_model=True, rules=(_OPEN_REASONING,),
        ),
        # llama.cpp's server (llama-server, and llama-cpp-python's) turns a schema given with
        # json_object into a grammar that the output must follow; json_schema is not accepted by
        # every build, so json_object with the schema comes first. One request at a time:
        # llama-cpp-python serves one anyway, and a new request interrupts a stream in progress.
        Preset(
            "llamacpp", "llama.cpp server (local)", "http://localhost:8080/v1", (), "local-model",
            formats=("json_object",), object_schema=True, keyless=True, openai_key=True,
            local=True, jobs=1, rules=(_OPEN_REASONING,),
        ),
        Preset(
            "openai-compatible", "Any OpenAI-compatible server", None, (), None,
            openai_key=True, keyless=True, rules=(_OPEN_REASONING,),
        ),
    )
}  # fmt: skip
GENERIC = "openai-compatible"
