"""Finding the provider preset of a run: by name (built-in or the user's own `[providers.NAME]`),
or from the base URL's host. The presets themselves are data (presets.py, shaped by preset.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reviewer.errors import UsageError
from reviewer.model.preset import FORMATS, PARAMETERS, ModelRule, Preset, server
from reviewer.model.presets import GENERIC, PRESETS, REASONING_REPLY_TOKENS

__all__ = [
    "FORMATS", "GENERIC", "PARAMETERS", "PRESETS", "REASONING_REPLY_TOKENS", "ModelRule", "Preset",
    "by_base_var", "custom_presets", "find_preset", "infer_preset",
]  # fmt: skip


def infer_preset(base_url: str | None, custom: Mapping[str, Preset]) -> Preset:
    """No --provider: the preset whose base URL has this host (and port, where the preset's URL
    names one) or that names the host among its own, else OpenAI or the generic one."""
    if not base_url:
        return PRESETS["openai"]
    host, port = server(base_url)
    for preset in (*custom.values(), *PRESETS.values()):
        if preset.serves(host, port):
            return preset
    return PRESETS[GENERIC]


def by_base_var(env: Mapping[str, str]) -> tuple[Preset, tuple[str, str]] | None:
    """The built-in preset whose own base URL variable is set (Azure's endpoint), with the value
    and the variable's name. An empty variable counts as unset, as everywhere (layer.first_set)."""
    for preset in PRESETS.values():
        for name in preset.base_vars:
            value = env.get(name, "").strip()
            if value:
                return preset, (value, name)
    return None


_CUSTOM_KEYS = {
    "base_url", "key_vars", "model", "formats", "temperature", "rejects", "openai_key",
    "keyless", "stream_usage", "object_schema", "title", "like", "api_version",
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
            for key in ("base_url", "model", "api_version"):
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
