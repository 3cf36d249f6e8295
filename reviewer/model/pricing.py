"""What a model costs and how much it can read: a small table of list prices (USD per million
tokens, as published; estimates, not invoices) and context windows, matched by the longest
model name: the name itself, or the name with a date or release suffix (`gpt-4.1-2025-04-14`,
`qwen-plus-latest`). Anything else (`gpt-4.1-mnii`, `o3-mini`) is unknown: no price, the
default context. `prices` in the config adds to it or overrides it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_CONTEXT = 32_000


@dataclass(frozen=True)
class ModelInfo:
    context: int
    price_in: float | None = None  # USD per million prompt tokens
    price_out: float | None = None  # USD per million completion tokens
    known: bool = True  # in the table (or the config's prices)
    # USD per million prompt tokens the provider serves from its prompt cache (None: as price_in)
    price_cached: float | None = None


# Prefix -> facts. Longest prefix wins, so "gpt-4.1-mini" beats "gpt-4.1". Cached-input prices
# from https://platform.openai.com/docs/pricing and https://api-docs.deepseek.com/quick_start/pricing
# (a cache hit); where a provider publishes none, cached tokens are priced as any prompt token.
MODELS: dict[str, ModelInfo] = {
    "gpt-4.1": ModelInfo(1_047_576, 2.0, 8.0, price_cached=0.5),
    "gpt-4.1-mini": ModelInfo(1_047_576, 0.4, 1.6, price_cached=0.1),
    "gpt-4.1-nano": ModelInfo(1_047_576, 0.1, 0.4, price_cached=0.025),
    "gpt-4o": ModelInfo(128_000, 2.5, 10.0, price_cached=1.25),
    "gpt-4o-mini": ModelInfo(128_000, 0.15, 0.6, price_cached=0.075),
    "gpt-5": ModelInfo(400_000, 1.25, 10.0, price_cached=0.125),
    "gpt-5-mini": ModelInfo(400_000, 0.25, 2.0, price_cached=0.025),
    "o3": ModelInfo(200_000, 2.0, 8.0, price_cached=0.5),
    "o4-mini": ModelInfo(200_000, 1.1, 4.4, price_cached=0.275),
    "deepseek-chat": ModelInfo(128_000, 0.28, 0.42, price_cached=0.028),
    "deepseek-reasoner": ModelInfo(128_000, 0.28, 0.42, price_cached=0.028),
    "deepseek-v3": ModelInfo(128_000),
    "qwen-plus": ModelInfo(131_072, 0.4, 1.2),
    "qwen-max": ModelInfo(32_768, 1.6, 6.4),
    "qwen-turbo": ModelInfo(1_000_000, 0.05, 0.2),
    "glm-4-plus": ModelInfo(128_000),
    "doubao-seed-1-6": ModelInfo(256_000),
    "yi-lightning": ModelInfo(16_000),
}


# What may follow a known name and still be that model: a date, a snapshot number, a channel.
_RELEASE = re.compile(r"(?:-\d{4}-\d{2}-\d{2}|-\d{4,8}|-latest|-preview|-instruct|:\w+)*")


def _name(model: str) -> str:
    return model.lower().rsplit("/", 1)[-1]  # "Qwen/Qwen2.5-Coder" -> "qwen2.5-coder"


def model_info(model: str, prices: Mapping[str, tuple[float, float]] | None = None) -> ModelInfo:
    name = _name(model)
    known = [p for p in MODELS if name.startswith(p) and _RELEASE.fullmatch(name[len(p) :])]
    best = max(known, key=len, default=None)
    info = MODELS[best] if best is not None else ModelInfo(DEFAULT_CONTEXT, known=False)
    for key, (price_in, price_out) in (prices or {}).items():
        if key.lower() == name or key == model:
            info = ModelInfo(info.context, price_in, price_out)  # the config's: no cached rate
    return info


def closest_model(model: str) -> str | None:
    """The table's name nearest a model it does not know (`gpt-4.1-mnii` -> `gpt-4.1-mini`)."""
    close = difflib.get_close_matches(_name(model), list(MODELS), n=1, cutoff=0.8)
    return close[0] if close else None


def estimate_cost(
    info: ModelInfo, prompt_tokens: int, completion_tokens: int, cached: int = 0
) -> float | None:
    """USD at list price; `cached` of the prompt tokens at the cached rate where it is known."""
    if info.price_in is None or info.price_out is None:
        return None
    cached = min(cached, prompt_tokens)
    rate = info.price_in if info.price_cached is None else info.price_cached
    prompt = (prompt_tokens - cached) * info.price_in + cached * rate
    return (prompt + completion_tokens * info.price_out) / 1_000_000
