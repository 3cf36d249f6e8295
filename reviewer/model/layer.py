"""What the provider preset adds beneath the settings' layers: the preset itself, its base URL,
key variable and model, and for a local server streaming and its jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewer.errors import UsageError

# The OpenAI SDK's own variables, read below REVIEWER_* (see preset_layer).
OPENAI_KEY_VAR = "OPENAI_API_KEY"
OPENAI_BASE_VARS = ("OPENAI_BASE_URL", "OPENAI_API_BASE")
# Presets that take the OpenAI SDK's base URL variables when named explicitly.
OPENAI_BASE_PRESETS = frozenset({"openai", "openai-compatible"})


def first_set(env: Mapping[str, str], *names: str) -> tuple[str, str] | None:
    """The first of `names` set to something, with its name. An empty variable counts as unset:
    CI passes "" for the secrets a fork cannot read."""
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value, name
    return None


def preset_layer(
    layers: dict[str, tuple[Any, str]], env: Mapping[str, str]
) -> dict[str, tuple[Any, str]]:
    """What the provider preset adds beneath the layers: the preset itself, its base URL, key
    variable and model, and for a local server streaming and its jobs. Named with --provider,
    the preset's own variables are read; otherwise it is inferred from the base URL's host, and
    the OpenAI SDK's variables keep their meaning."""
    from reviewer.model.providers import by_base_var, custom_presets, find_preset, infer_preset

    tables = layers.get("providers", ({}, ""))[0]
    custom = custom_presets(tables if isinstance(tables, Mapping) else {})
    added: dict[str, tuple[Any, str]] = {}
    chosen = "provider" in layers
    base = layers.get("base_url") or (None if chosen else first_set(env, *OPENAI_BASE_VARS))
    if chosen:
        name, source = layers["provider"]
        try:
            preset = find_preset(str(name), custom)
        except UsageError as exc:
            raise UsageError(f"{exc.message} (from {source})") from None
        if base is None:
            base_vars = OPENAI_BASE_VARS if preset.name in OPENAI_BASE_PRESETS else preset.base_vars
            base = first_set(env, *base_vars)
    elif base is None and first_set(env, OPENAI_KEY_VAR) is None and (found := by_base_var(env)):
        # Only a provider's own endpoint variable, as an Azure pipeline sets AZURE_OPENAI_ENDPOINT:
        # that provider, as its SDK would.
        preset, base = found
        added["provider"] = (preset.name, base[1])
    else:
        preset = infer_preset(str(base[0]) if base else None, custom)
        added["provider"] = (preset.name, f"the base URL {base[0]}" if base else "the default")
    label = f"provider {preset.name}"
    if base is None and preset.base_url:
        base = (preset.base_url, label)
    if base is not None and "base_url" not in layers:
        added["base_url"] = base
    if "api_key" not in layers:
        names = [*preset.key_vars, *([OPENAI_KEY_VAR] if preset.openai_key or not chosen else [])]
        key = first_set(env, *names)
        if key is not None:
            added["api_key"] = key
    for setting, variables, default in (
        ("model", preset.model_vars, preset.model),
        ("api_version", preset.version_vars, preset.api_version),
    ):
        value = first_set(env, *variables) or ((default, label) if default else None)
        if setting not in layers and value is not None:
            added[setting] = value
    if "stream" not in layers and preset.local:
        # A local server always streams: a reply caught in a loop is stopped as soon as it shows.
        added["stream"] = (True, label)
    if "jobs" not in layers and preset.jobs is not None:
        added["jobs"] = (preset.jobs, label)
    return added
