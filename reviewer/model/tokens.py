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


# Every request carries a cap on its reply, so that a model that rambles (small local models do)
# stops long before its context is full. A reply's findings grow with the code it reviews: the
# cap is the prompt's size, at least MIN_REPLY_TOKENS, at most REPLY_TOKENS (a review reply
# rarely needs more than a few thousand tokens; the budget keeps that much room for it).
REPLY_TOKENS = 4096
MIN_REPLY_TOKENS = 1024
# The largest request by default: long prompts cost more and are reviewed less carefully.
DEFAULT_REQUEST_TOKENS = 24_000
MIN_BUDGET = 2_000


def reply_cap(prompt_tokens: int) -> int:
    """The default `max_tokens` of a request whose prompt is about `prompt_tokens` long."""
    return min(REPLY_TOKENS, max(MIN_REPLY_TOKENS, prompt_tokens))


def request_budget(context_window: int, reply_tokens: int, request_tokens: int | None) -> int:
    """The most prompt tokens one request may carry (estimated as above): the model's window
    less room for the reply, with a margin, and no more than `request_tokens`."""
    room = int((context_window - reply_tokens) * 0.9)
    return max(MIN_BUDGET, min(room, request_tokens or DEFAULT_REQUEST_TOKENS))
