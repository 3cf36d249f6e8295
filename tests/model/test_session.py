"""A run's line to the model: replies from the cache (the client never made), else asked and
kept; an unusable reply asked once more; the session closed with its client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from reviewer.errors import ProviderError
from reviewer.model.cache import ReplyCache, cache_key
from reviewer.model.client import Completion
from reviewer.model.options import ModelOptions
from reviewer.model.prompts import Messages, Prompts
from reviewer.model.providers import PRESETS
from reviewer.model.schema import ReviewReply
from reviewer.model.session import ModelSession
from reviewer.model.stream import Progress
from reviewer.result import Usage

MESSAGES: Messages = [{"role": "user", "content": "Review x = 1"}]
GOOD = '{"score": 8, "summary": "fine", "issues": []}'


@dataclass
class ScriptedChat:
    """Our Chat protocol played from a script (the SDK's side is tested against the fake API)."""

    replies: list[tuple[str | None, str]]
    asked: list[Messages] = field(default_factory=list)
    closed: bool = False

    def complete(
        self, messages: Messages, *, name: str, schema: dict[str, object],
        max_tokens: int | None = None, progress: Progress | None = None,
    ) -> Completion:  # fmt: skip
        self.asked.append(messages)
        content, finish = self.replies.pop(0)
        return Completion(content, finish, Usage(1, 10, 5))

    def confirm(self, completion: Completion) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def _options(tmp_path: Path) -> ModelOptions:
    return ModelOptions(
        preset=PRESETS["openai"], model="gpt-4.1-mini", base_url="http://127.0.0.1:9/v1",
        api_key="sk-x", sampling={"temperature": 0.2, "max_tokens": 300}, stream=False,
        timeout=5, max_retries=0, cache_dir=tmp_path,
    )  # fmt: skip


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ReplyCache]:
    kept = ReplyCache(tmp_path / "cache")
    yield kept
    kept.close()


def _session(tmp_path: Path, chat: ScriptedChat, cache: ReplyCache | None) -> ModelSession:
    return ModelSession(_options(tmp_path), Prompts(), cache=cache, connect=lambda _: chat)


def _never(options: ModelOptions) -> ScriptedChat:
    pytest.fail("a client was made for a reply the cache holds")


def test_a_kept_reply_costs_no_request_and_no_client(tmp_path: Path, cache: ReplyCache) -> None:
    first = ScriptedChat([(GOOD, "stop")])
    assert (
        _session(tmp_path, first, cache).ask(MESSAGES, ReviewReply, name="r", subject="a").score
        == 8
    )
    second = ModelSession(_options(tmp_path), Prompts(), cache=cache, connect=_never)
    assert second.ask(MESSAGES, ReviewReply, name="r", subject="a").score == 8
    assert (second.usage.cached, second.usage.requests) == (1, 0)


def test_the_sampling_settings_are_part_of_the_key(tmp_path: Path, cache: ReplyCache) -> None:
    options = _options(tmp_path)
    hotter = replace(options, sampling={**options.sampling, "temperature": 0.9})
    keys = {
        cache_key(o.preset.name, o.base_url, o.model, o.sampling, "r", MESSAGES)
        for o in (options, hotter)
    }
    assert len(keys) == 2


def test_an_unusable_reply_is_asked_again_quoting_the_error(tmp_path: Path) -> None:
    chat = ScriptedChat([("not json", "stop"), (GOOD, "stop")])
    session = _session(tmp_path, chat, None)
    assert session.ask(MESSAGES, ReviewReply, name="r", subject="a").summary == "fine"
    assert len(chat.asked) == 2
    assert chat.asked[1][-2] == {"role": "assistant", "content": "not json"}
    assert "no JSON object was found" in chat.asked[1][-1]["content"]
    assert (session.usage.requests, session.usage.prompt_tokens) == (2, 20)


def test_a_reply_cut_at_the_token_limit_names_the_setting(tmp_path: Path) -> None:
    session = _session(tmp_path, ScriptedChat([('{"score": 8, "summ', "length")]), None)
    with pytest.raises(ProviderError, match=r"raise --max-tokens \(300\)"):
        session.ask(MESSAGES, ReviewReply, name="r", subject="a.py")


def test_closing_the_session_closes_the_client_and_refuses_more(tmp_path: Path) -> None:
    chat = ScriptedChat([(GOOD, "stop")])
    session = _session(tmp_path, chat, None)
    session.ask(MESSAGES, ReviewReply, name="r", subject="a")
    session.close()
    assert chat.closed
    with pytest.raises(RuntimeError, match="closed"):
        session.ask([{"role": "user", "content": "other"}], ReviewReply, name="r", subject="b")


def test_the_cache_survives_a_folder_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ReplyCache(blocker / "cache")
    cache.put("k", "v")
    assert cache.get("k") is None
    cache.close()
