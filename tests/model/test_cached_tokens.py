"""Provider-side prompt caching: the cached prompt tokens each provider reports, in its own
shape, read into usage (whole replies and streams), priced at the cached rate where the table
knows it, and said in the summary. Shapes from each provider's documentation:
- OpenAI (and Qwen, Doubao, Zhipu): `usage.prompt_tokens_details.cached_tokens`,
  https://platform.openai.com/docs/guides/prompt-caching
- DeepSeek: `usage.prompt_cache_hit_tokens` (and `prompt_cache_miss_tokens`),
  https://api-docs.deepseek.com/guides/kv_cache
- Moonshot (Kimi): `usage.cached_tokens`, https://platform.moonshot.cn/docs/api/caching
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.model.pricing import estimate_cost, model_info
from tests.conftest import Run
from tests.fakeapi import Answer, FakeAPI, Reply, review_json

SHAPES: list[dict[str, Any]] = [
    {"prompt_tokens_details": {"cached_tokens": 1536}},
    {"prompt_cache_hit_tokens": 1536, "prompt_cache_miss_tokens": 464},
    {"cached_tokens": 1536},
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("stream", ["--stream", "--no-stream"])
def test_cached_prompt_tokens_are_read_from_each_providers_shape(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path, shape: dict[str, Any], stream: str
) -> None:
    answer = Answer(review_json(9), prompt_tokens=2000, completion_tokens=100, usage_extra=shape)
    fake.add(Reply(answer=answer))
    document = json.loads(cli(str(sample), "--format", "json", stream).stdout)
    usage = document["usage"]
    assert usage["prompt_tokens"] == 2000 and usage["cached_prompt_tokens"] == 1536
    # gpt-4.1-mini: $0.40 a million prompt tokens, $0.10 cached, $1.60 completion.
    assert usage["cost_usd"] == round((464 * 0.4 + 1536 * 0.1 + 100 * 1.6) / 1e6, 6)


def test_the_summary_says_what_the_provider_cached(
    cli: Callable[..., Run], fake: FakeAPI, sample: Path
) -> None:
    fake.add(Reply(answer=Answer(review_json(9), prompt_tokens=2000, usage_extra=SHAPES[0])))
    assert "1,536 prompt tokens cached by the provider" in cli(str(sample)).stdout


def test_no_cached_rate_prices_cached_tokens_as_any_and_none_is_zero() -> None:
    unknown_rate = model_info("qwen-plus")
    assert estimate_cost(unknown_rate, 1000, 0, cached=600) == estimate_cost(unknown_rate, 1000, 0)
    assert estimate_cost(model_info("deepseek-chat"), 1000, 0, cached=1000) == pytest.approx(
        1000 * 0.028 / 1e6
    )
