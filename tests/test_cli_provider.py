"""The provider's side: response-format fallback, retries, and every failure as one clear line."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, Reply, chat, error, issue, raw, review_json

Cli = Callable[..., Run]
GOOD = review_json(4, "Reads one past the end.", [issue(2)])
CLEAN = review_json(9, "Fine.")


def formats(fake: FakeAPI) -> list[str]:
    return [request.response_format for request in fake.chat_requests]


def test_json_schema_rejected_falls_back_and_is_remembered(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    Path("b.py").write_text("x = 1\n")
    fake.add(
        error(400, "response_format type json_schema is not supported", param="response_format"),
        chat(GOOD),
        chat(CLEAN),
    )
    run = cli("app.py", "b.py")
    assert run.exit_code == 1
    assert "app.py:2: high" in run.stdout
    # The second file goes straight to what worked for the first.
    assert formats(fake) == ["json_schema", "json_object", "json_object"]


def test_falls_back_to_a_plain_request_when_json_mode_is_rejected_too(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(
        error(422, "Unprocessable: json_schema unsupported"),
        error(400, "This model does not support response_format json_object"),
        chat(f"```json\n{GOOD}\n```"),
    )
    run = cli("app.py")
    assert "app.py:2: high" in run.stdout
    assert formats(fake) == ["json_schema", "json_object", "none"]


def test_a_500_naming_response_format_costs_one_request_before_the_step_down(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    # llama.cpp's server answers an unsupported response_format with a 500, which the SDK
    # would retry: an untried format goes out once without the SDK's retries.
    rejected = error(500, "Failed to parse grammar from response_format", type="server_error")
    fake.add(rejected, chat(GOOD))
    run = cli("app.py", env={"REVIEWER_MAX_RETRIES": "3"})
    assert run.exit_code == 1
    assert formats(fake) == ["json_schema", "json_object"]


@pytest.mark.parametrize(
    "message",
    [
        # llama.cpp's server (tools/server/utils.hpp) and vLLM's request validation.
        'response_format type must be one of "text" or "json_object", but got: json_schema',
        "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\"}]",
        "guided_json is not supported by this model",
    ],
)
def test_format_refusals_in_local_servers_words(
    cli: Cli, fake: FakeAPI, sample: Path, message: str
) -> None:
    fake.add(error(400, message), chat(GOOD))
    assert cli("app.py").exit_code == 1
    assert formats(fake) == ["json_schema", "json_object"]


def test_a_500_about_something_else_keeps_the_sdk_retries(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    crash = error(500, "upstream crashed", type="server_error")
    fake.add(crash, crash, crash, chat(GOOD))
    run = cli("app.py", env={"REVIEWER_MAX_RETRIES": "3"})
    assert run.exit_code == 1
    # One without retries, then the SDK's three less that one: four in all, as before.
    assert formats(fake) == ["json_schema"] * 4
    fake.add(crash, crash, crash, crash)
    run = cli("app.py", "--no-cache", env={"REVIEWER_MAX_RETRIES": "3"})
    assert run.exit_code == 3
    assert "failed after 3 retries (500: upstream crashed)" in run.stderr
    assert len(fake.chat_requests) == 8


def _lessons(cache: Path) -> dict[str, object]:
    import json

    path = cache / "providers.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def test_a_format_is_remembered_only_after_a_valid_reply(
    cli: Cli, fake: FakeAPI, sample: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "lessons"
    env = {"REVIEWER_CACHE_DIR": str(cache), "REVIEWER_MAX_RETRIES": "0"}
    # A server that crashes on every request, once naming the format: nothing is learnt.
    fake.add(
        error(500, "json_schema: unsupported", type="server_error"),
        error(500, "Segmentation fault", type="server_error"),
    )
    assert cli("app.py", env=env).exit_code == 3
    assert "format" not in str(_lessons(cache))
    # Replies that stay invalid under json_object teach nothing either.
    fake.add(error(400, "json_schema is not supported"), chat("nonsense"), chat("still not"))
    assert cli("app.py", env=env).exit_code == 3
    assert "format" not in str(_lessons(cache))
    # A valid reply does: the next run starts at json_object, with retries.
    fake.add(error(400, "json_schema is not supported"), chat(GOOD))
    assert cli("app.py", env=env).exit_code == 1
    assert '"format": "json_object"' in (cache / "providers.json").read_text()
    fake.add(chat(GOOD))
    assert cli("app.py", "--no-cache", env=env).exit_code == 1
    assert formats(fake)[-1] == "json_object"


def test_an_unrelated_400_is_not_taken_for_a_format_rejection(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(error(400, "Your organization is not verified for this model"))
    run = cli("app.py")
    assert run.exit_code == 3
    assert "rejected the request (400: Your organization is not verified" in run.stderr
    assert formats(fake) == ["json_schema"]


def test_a_refused_parameter_is_left_out_and_the_lesson_kept_for_later_runs(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    fake.add(error(400, "temperature must be in (0, 1]", param="temperature"), chat(CLEAN))
    assert cli("app.py").exit_code == 0
    first, second = fake.chat_requests
    assert first.body["temperature"] == 0.2 and "temperature" not in second.body
    fake.add(chat(CLEAN))
    assert cli("app.py", "--no-cache").exit_code == 0
    assert "temperature" not in fake.chat_requests[2].body  # the next run knows


def test_max_tokens_is_renamed_when_the_model_asks_for_max_completion_tokens(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    refused = error(
        400,
        "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
        param="max_tokens",
    )
    fake.add(refused, chat(CLEAN))
    assert cli("app.py", "--max-tokens", "900").exit_code == 0
    first, second = fake.chat_requests
    assert first.body["max_tokens"] == 900
    assert second.body["max_completion_tokens"] == 900 and "max_tokens" not in second.body


def test_429_with_retry_after_then_success(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(
        error(429, "Rate limit reached", type="requests", headers={"Retry-After": "0.05"}),
        chat(GOOD),
    )
    run = cli("app.py")
    assert run.exit_code == 1
    assert "app.py:2: high" in run.stdout
    assert len(fake.chat_requests) == 2


def test_429_that_persists_is_exit_3(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    limited = error(429, "Rate limit reached", type="requests", headers={"Retry-After": "0.05"})
    fake.add(limited, limited)
    run = cli("app.py")
    assert run.exit_code == 3
    assert (
        run.stderr
        == f"error: rate limited by {fake.url[7:-3]} after 1 retry (429: Rate limit reached)\n"
    )
    assert len(fake.chat_requests) == 2  # the SDK's own retry, no loop of ours


def test_401_names_the_host_and_never_the_key(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(error(401, f"Incorrect API key provided: {API_KEY}.", code="invalid_api_key"))
    run = cli("app.py")
    assert run.exit_code == 3
    assert f"the API key was rejected by {fake.url[7:-3]} (401" in run.stderr
    assert "OPENAI_API_KEY" in run.stderr
    assert API_KEY not in run.stderr + run.stdout
    assert len(fake.chat_requests) == 1  # a rejected key is not retried


def test_connection_refused_names_the_url(cli: Cli, sample: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    run = cli("app.py", "--base-url", url, env={"REVIEWER_MAX_RETRIES": "0"})
    assert run.exit_code == 3
    assert f"cannot connect to {url}" in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_server_that_never_answers_times_out(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(Reply(delay=3.0, body=b"{}"))
    run = cli("app.py", env={"REVIEWER_REQUEST_TIMEOUT": "0.3", "REVIEWER_MAX_RETRIES": "0"})
    assert run.exit_code == 3
    assert f"no answer from {fake.url} within 0.3 s" in run.stderr


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        pytest.param(
            raw(200, "<html>Welcome to nginx</html>"), "is not a chat completion", id="html-200"
        ),
        pytest.param(
            raw(200, '{"object": "list", "data": []}', "application/json"),
            "is not a chat completion",
            id="wrong-json",
        ),
        pytest.param(
            raw(404, "<html><h1>404 Not Found</h1></html>"),
            "answered 404 for model 'gpt-4.1-mini'",
            id="html-404",
        ),
    ],
)  # fmt: skip
def test_malformed_bodies_are_exit_3(
    cli: Cli, fake: FakeAPI, sample: Path, reply: Reply, expected: str
) -> None:
    fake.add(reply)
    run = cli("app.py")
    assert run.exit_code == 3
    assert expected in run.stderr
    assert run.stderr.count("\n") == 1


def test_no_api_key_is_exit_2_naming_what_to_set(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    run = cli("app.py", env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None})
    assert run.exit_code == 2
    assert "OPENAI_API_KEY" in run.stderr and "REVIEWER_API_KEY" in run.stderr
    assert "--base-url http://localhost:11434/v1" in run.stderr
    assert fake.requests == []


def test_a_keyless_local_server_needs_no_key(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(CLEAN))
    run = cli(
        "app.py", "--base-url", fake.url, env={"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None}
    )
    assert run.exit_code == 0
    assert fake.chat_requests[0].headers["authorization"] == "Bearer no-key-set"


def test_a_keyless_server_that_wants_a_key_says_so(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(error(401, "missing key"))
    run = cli("app.py", "--base-url", fake.url, env={"OPENAI_API_KEY": None})
    assert run.exit_code == 3
    assert "wants an API key (401): set OPENAI_API_KEY or REVIEWER_API_KEY" in run.stderr


def test_reviewer_variables_override_openai_ones(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(CLEAN))
    run = cli(
        "app.py",
        env={
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
            "REVIEWER_BASE_URL": fake.url,
            "REVIEWER_API_KEY": "sk-reviewer",
            "REVIEWER_MODEL": "env-model",
        },
    )
    assert run.exit_code == 0
    [request] = fake.chat_requests
    assert request.headers["authorization"] == "Bearer sk-reviewer"
    assert request.body["model"] == "env-model"


def test_legacy_openai_api_base_is_honoured(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(CLEAN))
    run = cli("app.py", env={"OPENAI_BASE_URL": None, "OPENAI_API_BASE": fake.url})
    assert run.exit_code == 0
    assert len(fake.chat_requests) == 1
