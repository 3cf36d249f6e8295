"""`reviewer --check-provider`: one tiny review that shows whether the provider works, and how.
It is a review like any other (the same prompt, reply shape and format ladder), so a provider
that passes the check reviews, and one that reviews passes it."""

from __future__ import annotations

import time
from dataclasses import dataclass

from reviewer.errors import ProviderError
from reviewer.model.options import ModelOptions
from reviewer.model.reply import ReplyError, parse_reply
from reviewer.model.schema import ReviewReply, strict_json_schema
from reviewer.model.tokens import estimate_tokens
from reviewer.source.unit import Unit

# Two lines with a bug to find: small enough to cost almost nothing.
SAMPLE = Unit("check.py", ("def add(a, b):", "    return a - b"))


@dataclass(frozen=True)
class CheckReport:
    provider: str
    base_url: str
    model: str
    format: str  # the structured-output format that worked (or was last tried)
    seconds: float
    problem: str | None  # None: the provider works
    reasoned: bool = False
    kind: str = ""  # ProviderError.kind of the problem


def check_provider(options: ModelOptions) -> CheckReport:
    from reviewer.model.client import ChatClient
    from reviewer.model.lessons import Lessons

    client = ChatClient(options, Lessons(options.cache_dir))
    title = f"{client.preset.name} ({client.preset.title})"
    started = time.monotonic()
    problem: str | None = None
    kind = ""
    reasoned = False
    try:
        from reviewer.model.prompts import Prompts

        messages = Prompts().review(SAMPLE)
        cap = options.reply_cap(estimate_tokens(messages))  # bounded, as every request is
        completion = client.complete(
            messages, name="code_review", schema=strict_json_schema(ReviewReply), max_tokens=cap
        )
        reasoned = completion.reasoned
        parse_reply(completion.content, ReviewReply)
        client.confirm(completion)
    except ProviderError as exc:
        problem, kind = exc.message, exc.kind
    except ReplyError as exc:
        problem = f"the reply was not usable: {exc}"
    finally:
        client.close()
    seconds = time.monotonic() - started
    return CheckReport(
        title, client.shown_url, options.model, client.format, seconds, problem, reasoned, kind
    )
