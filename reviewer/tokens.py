"""Token estimates for a dry run: no tokenizer is fetched or imported."""

from __future__ import annotations

import math

from reviewer.prompts import Messages

# About four characters a token for English and code with common tokenizers; a few tokens of
# framing per message.
CHARS_PER_TOKEN = 4.0
TOKENS_PER_MESSAGE = 4


def estimate_tokens(messages: Messages) -> int:
    return sum(
        math.ceil(len(message["content"]) / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE
        for message in messages
    )
