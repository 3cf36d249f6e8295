"""Token estimates, for the request budget and a dry run. No tokenizer is fetched or imported:
an exact count would need the provider's own vocabulary, which is not available offline for most
of the providers we serve, and a network fetch at run time is not acceptable.

The estimate is deliberately high for source code (real tokenizers average 3.5 to 4.5
characters a token on code and English), so that a request kept under the budget by estimate
is under it in fact.
"""

from __future__ import annotations

import math

from reviewer.model.prompts import Messages

CHARS_PER_TOKEN = 3.5
TOKENS_PER_MESSAGE = 4


def estimate_tokens(messages: Messages) -> int:
    return sum(
        math.ceil(len(message["content"]) / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE
        for message in messages
    )


# Room left for the reply when no --max-tokens is set, and the largest request by default:
# long prompts cost more and are reviewed less carefully.
REPLY_RESERVE = 4096
DEFAULT_REQUEST_TOKENS = 24_000
MIN_BUDGET = 2_000


def request_budget(context_window: int, max_tokens: int | None, request_tokens: int | None) -> int:
    """The most prompt tokens one request may carry (estimated as above): the model's window
    less room for the reply, with a margin, and no more than `request_tokens`."""
    room = int((context_window - (max_tokens or REPLY_RESERVE)) * 0.9)
    return max(MIN_BUDGET, min(room, request_tokens or DEFAULT_REQUEST_TOKENS))
