"""Token estimates, for the request budget and a dry run. No tokenizer is fetched or imported:
an exact count would need the provider's own vocabulary, which is not available offline for most
of the providers we serve, and a network fetch at run time is not acceptable.

The estimate is deliberately high for source code (real tokenizers average 3.5 to 4.5
characters a token on code and English), so that a request kept under the budget by estimate
is under it in fact.
"""

from __future__ import annotations

import math

from reviewer.prompts import Messages

CHARS_PER_TOKEN = 3.5
TOKENS_PER_MESSAGE = 4


def estimate_tokens(messages: Messages) -> int:
    return sum(
        math.ceil(len(message["content"]) / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE
        for message in messages
    )
