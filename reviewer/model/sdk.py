"""The openai SDK's side of a request: which client (OpenAI's, or Azure's with its deployment
path, `api-version` and `api-key` header), which keyword arguments, and what to say when a
preset's model must be named and was not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reviewer.model.options import ModelOptions
from reviewer.model.preset import Preset

if TYPE_CHECKING:
    import openai

# The arguments the SDK's `chat.completions.create` takes among those we send; a provider's own
# name for one (Mistral's `random_seed`) goes in `extra_body`, which the SDK merges into the JSON.
SDK_ARGUMENTS = frozenset({
    "model", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "seed",
    "stop", "frequency_penalty", "presence_penalty", "response_format", "tools", "tool_choice",
    "stream", "stream_options",
})  # fmt: skip


def sdk_arguments(body: Mapping[str, Any]) -> dict[str, Any]:
    """The request body as keyword arguments for `chat.completions.create`."""
    out = {key: value for key, value in body.items() if key in SDK_ARGUMENTS}
    extra = {key: value for key, value in body.items() if key not in SDK_ARGUMENTS}
    if extra:
        out["extra_body"] = extra
    return out


def model_needed(preset: Preset, base_url: str) -> str:
    """What to say when a preset's model must be named and was not."""
    names = " or ".join(["--model", "REVIEWER_MODEL", *preset.model_vars])
    if preset.api == "azure":
        return f"{preset.title} needs the deployment's name as the model: set {names}"
    served = ""
    if preset.local:
        from reviewer.model.local import served_models

        models = served_models(base_url)
        if models:
            served = f" (it serves: {', '.join(models[:5])}{' ...' if len(models) > 5 else ''})"
    return f"{preset.title} needs a model named: set {names}{served}"


def sdk_client(options: ModelOptions, key: str, http_client: Any) -> openai.OpenAI:
    """The SDK's client for the preset's API. Azure's takes the resource endpoint and puts the
    deployment (the model) in the path and the key in an `api-key` header; a base URL that
    already names the deployment's path is taken as it is."""
    import openai

    common: dict[str, Any] = {
        "api_key": key, "timeout": options.timeout, "max_retries": options.max_retries,
        "http_client": http_client,
    }  # fmt: skip
    base_url = str(options.base_url)
    if options.preset.api != "azure":
        return openai.OpenAI(base_url=base_url, **common)
    version = options.api_version or options.preset.api_version
    if "/openai" in urlsplit(base_url).path:
        return openai.AzureOpenAI(base_url=base_url, api_version=version, **common)
    return openai.AzureOpenAI(azure_endpoint=base_url, api_version=version, **common)
