"""Prices, context windows and the request budget: the table by longest prefix, your prices over
it, and a budget that leaves room for the reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model.options import ModelOptions
from reviewer.model.pricing import DEFAULT_CONTEXT, estimate_cost, model_info
from reviewer.model.prompts import Messages
from reviewer.model.providers import PRESETS
from reviewer.model.tokens import (
    MIN_BUDGET,
    MIN_REPLY_TOKENS,
    REPLY_TOKENS,
    estimate_tokens,
    reply_cap,
    request_budget,
)


def test_the_longest_prefix_wins_and_a_vendor_folder_is_ignored() -> None:
    assert model_info("gpt-4.1-mini-2025-04-14").price_in == 0.4
    assert model_info("gpt-4.1-2025-04-14").price_in == 2.0
    assert model_info("deepseek-ai/DeepSeek-V3").context == 128_000
    unknown = model_info("my-local-model")
    assert (unknown.context, unknown.price_in) == (DEFAULT_CONTEXT, None)


def test_your_prices_extend_and_override_the_table() -> None:
    assert model_info("my-model", {"my-model": (1.0, 2.0)}).price_out == 2.0
    assert model_info("gpt-4o", {"gpt-4o": (9.0, 9.0)}).context == 128_000


def test_the_cost_is_per_million_tokens_and_unknown_without_a_price() -> None:
    info = model_info("gpt-4.1-mini")
    assert estimate_cost(info, 1_000_000, 500_000) == pytest.approx(0.4 + 0.8)
    assert estimate_cost(model_info("unknown"), 10, 10) is None


def test_the_budget_leaves_room_for_the_reply_within_its_bounds() -> None:
    assert request_budget(1_000_000, 4096, None) == 24_000  # the default cap
    assert request_budget(16_000, 4096, None) == int((16_000 - 4096) * 0.9)
    assert request_budget(16_000, 8_000, None) == int(8_000 * 0.9)
    assert request_budget(1_000_000, 4096, 5_000) == 5_000
    assert request_budget(4_000, 3_900, None) == MIN_BUDGET


def test_the_estimate_counts_every_message_and_rounds_up() -> None:
    messages: Messages = [{"role": "user", "content": "x" * 7}, {"role": "system", "content": ""}]
    assert estimate_tokens(messages) == 2 + 4 + 0 + 4


def test_the_reply_cap_grows_with_the_request_within_bounds() -> None:
    assert reply_cap(100) == MIN_REPLY_TOKENS
    assert reply_cap(2_500) == 2_500
    assert reply_cap(50_000) == REPLY_TOKENS


def test_a_users_cap_beats_the_models_which_beats_the_sized_one(tmp_path: Path) -> None:
    def options(max_tokens: int | None, model: str) -> ModelOptions:
        preset = PRESETS["deepseek"]
        return ModelOptions(
            preset=preset, model=model, base_url=preset.base_url, api_key="k",
            sampling={"max_tokens": max_tokens}, stream=False, timeout=1, max_retries=0,
            cache_dir=tmp_path, reply_tokens=preset.reply_tokens(model),
        )  # fmt: skip

    assert options(None, "deepseek-chat").reply_cap(2_000) == 2_000
    assert options(None, "deepseek-reasoner").reply_cap(2_000) == 16_384
    assert options(700, "deepseek-reasoner").reply_cap(2_000) == 700
    # The budget keeps room for the largest reply the run may get.
    assert options(None, "deepseek-chat").reply_ceiling == REPLY_TOKENS
    assert options(None, "deepseek-reasoner").reply_ceiling == 16_384


def test_only_a_known_name_or_its_release_is_priced() -> None:
    from reviewer.model.pricing import closest_model

    assert model_info("qwen-plus-latest").price_in == 0.4
    assert model_info("doubao-seed-1-6-250615").known
    misspelt = model_info("gpt-4.1-mnii")
    assert not misspelt.known and misspelt.price_in is None
    assert closest_model("gpt-4.1-mnii") == "gpt-4.1-mini"
    assert not model_info("o3-mini").known  # not o3's price
