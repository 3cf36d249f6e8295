"""Quirks of the providers added with the second wave, each against the fake playing that
provider as its documentation says (tests.profiles cites the pages): the request is shaped so
that the provider accepts it, and its refusals read as one clear line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run
from tests.fakeapi import FakeAPI, chat, error, issue, review_json
from tests.profiles import key_env

Cli = Callable[..., Run]
Serve = Callable[[str], list[str]]
GOOD = review_json(4, "Reads one past the end.", [issue(2)])


def reviewed(cli: Cli, fake: FakeAPI, serve: Serve, name: str, *args: str) -> dict[str, Any]:
    """Review app.py through the provider `name` with `args`: the request body it received, once
    the finding on line 2 came back."""
    fake.add(chat(GOOD))
    run = cli("app.py", *serve(name), *args, "--format", "json", env=key_env(name))
    assert run.exit_code == 1, run.stderr
    assert [f["line"] for f in json.loads(run.stdout)["findings"]] == [2]
    return fake.chat_requests[-1].body


def test_mistral_gets_its_seed_as_random_seed(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Serve
) -> None:
    body = reviewed(cli, fake, serve, "mistral", "--seed", "7")
    assert body["random_seed"] == 7 and "seed" not in body


def test_kimis_fixed_sampling_is_never_sent_but_older_kimi_models_get_it(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Serve
) -> None:
    args = serve("moonshot")
    fake.add(chat(GOOD), chat(GOOD))
    run = cli("app.py", *args, "--top-p", "0.5", env=key_env("moonshot"))
    assert run.exit_code == 1, run.stderr
    older_model = ("--model", "kimi-k2-0905-preview", "--temperature", "1.7", "--top-p", "0.5")
    run = cli("app.py", *args, *older_model, env=key_env("moonshot"))
    assert run.exit_code == 1, run.stderr
    fixed, older = (r.body for r in fake.chat_requests)
    assert not {"temperature", "top_p"} & set(fixed)
    assert fixed["max_tokens"] == 16_384  # a thinking model: room to think
    assert older["temperature"] == 1.0 and older["top_p"] == 0.5  # clamped into 0-1


def test_anthropic_is_asked_through_a_forced_tool_call_within_its_temperature_range(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Serve
) -> None:
    body = reviewed(cli, fake, serve, "anthropic", "--temperature", "1.5")
    assert "response_format" not in body  # ignored there: a tool call is what holds the shape
    assert body["tool_choice"]["type"] == "function" and body["temperature"] == 1.0


def test_geminis_error_list_reads_as_its_own_message(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Serve
) -> None:
    args = serve("gemini")
    reply = error(400, "API key not valid. Please pass a valid API key.", type="INVALID_ARGUMENT")
    reply.body = b"[" + reply.body + b"]"
    fake.add(reply)
    run = cli("app.py", *args, env=key_env("gemini"))
    assert run.exit_code == 3
    assert "(400: API key not valid. Please pass a valid API key.)" in run.stderr


def test_a_thinking_minimax_reply_is_read_past_its_think_block(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Serve
) -> None:
    body = reviewed(cli, fake, serve, "minimax", "--temperature", "0")
    assert body["temperature"] == 0.01  # 0 is refused there
