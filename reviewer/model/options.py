"""What the model layer needs to know of a run, and nothing more: built once from the settings
(config.model_options), frozen, and passed down in place of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.model.preset import Preset
from reviewer.model.tokens import REPLY_TOKENS, reply_cap


@dataclass(frozen=True)
class ModelOptions:
    preset: Preset
    model: str
    base_url: str | None
    api_key: str | None = field(repr=False)  # None: none was found in the environment
    # The user's sampling settings by request parameter (None: not set). One mapping serves
    # both the request and the cache key, so the two cannot drift apart.
    sampling: Mapping[str, Any]
    stream: bool
    timeout: float
    max_retries: int
    cache_dir: Path  # where lessons about servers are kept between runs
    model_named: bool = True  # False: the built-in default, which a needs_model preset refuses
    api_version: str | None = None  # Azure's `api-version`
    # The preset's cap on replies for this model (reasoning models), else None: sized per request.
    reply_tokens: int | None = None
    # Requests in flight at most (--jobs): where the rate-limit throttle starts and returns to.
    jobs: int = 8

    @property
    def max_tokens(self) -> int | None:
        """The user's cap on replies, if they set one."""
        value = self.sampling.get("max_tokens")
        return int(value) if value is not None else None

    @property
    def reply_ceiling(self) -> int:
        """The largest reply any request of the run may get: the room a request must leave."""
        return self.max_tokens or self.reply_tokens or REPLY_TOKENS

    def reply_cap(self, prompt_tokens: int) -> int:
        """The `max_tokens` sent with a request: the user's, the model's, else sized to it."""
        return self.max_tokens or self.reply_tokens or reply_cap(prompt_tokens)
