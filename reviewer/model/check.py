"""`reviewer --check-provider`: one tiny request that shows whether the provider works, and how."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pydantic import BaseModel

from reviewer.errors import ProviderError
from reviewer.model.options import ModelOptions
from reviewer.model.reply import ReplyError, parse_reply
from reviewer.model.request import JSON_WORD
from reviewer.model.schema import strict_json_schema
from reviewer.model.tokens import estimate_tokens

PING_MESSAGES = [
    {"role": "system", "content": 'Reply with the JSON object {"ok": true} and nothing else.'},
    {"role": "user", "content": f"Are you there? {JSON_WORD}"},
]


class Ping(BaseModel):
    ok: bool


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
        messages = [dict(m) for m in PING_MESSAGES]
        cap = options.reply_cap(estimate_tokens(messages))  # bounded, as every request is
        completion = client.complete(
            messages, name="ping", schema=strict_json_schema(Ping), max_tokens=cap
        )
        reasoned = completion.reasoned
        parse_reply(completion.content, Ping)
        client.confirm(completion)
    except ProviderError as exc:
        problem, kind = exc.message, exc.kind
    except ReplyError as exc:
        problem = f"the reply was not usable: {exc}"
    finally:
        client.close()
    seconds = time.monotonic() - started
    return CheckReport(
        title, client.base_url, options.model, client.format, seconds, problem, reasoned, kind
    )
