"""Every provider preset against a fake that plays that provider's documented quirks: the request
each one receives is the one that provider expects."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.errors import UsageError
from reviewer.model.providers import PRESETS, custom_presets, infer_preset
from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, Profile, chat, error, issue, raw, review_json
from tests.profiles import EXPECTED_FORMAT, NO_OPENAI, PROFILES, key_env, sent_format

Cli = Callable[..., Run]
GOOD = review_json(4, "Reads one past the end.", [issue(2)])


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_each_preset_reviews_a_file_with_the_request_its_provider_expects(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]], name: str
) -> None:
    args = serve(name)
    fake.add(chat(GOOD))
    run = cli("app.py", "--format", "json", *args, env=key_env(name))
    assert run.exit_code == 1, run.stderr
    assert [f["line"] for f in json.loads(run.stdout)["findings"]] == [2]
    request = fake.chat_requests[-1]
    preset = PRESETS[name]
    assert request.path == PROFILES[name].path
    if preset.api == "azure":
        assert request.headers["api-key"] == API_KEY and "authorization" not in request.headers
    else:
        expected_auth = "Bearer no-key-set" if preset.keyless else f"Bearer {API_KEY}"
        assert request.headers["authorization"] == expected_auth
    model = str(request.body["model"])
    assert model == (preset.model or args[args.index("--model") + 1] if preset.needs_model
                     else preset.model or "gpt-4.1-mini")  # fmt: skip
    if "temperature" in preset.rejected(model):
        assert "temperature" not in request.body
    else:
        assert request.body["temperature"] == preset.clamp(0.2)
    assert sent_format(request.body) == EXPECTED_FORMAT[name]
    assert not set(request.body) & preset.rejected(model)


def test_the_format_fallback_is_paid_once_across_runs(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("openai-compatible")
    fake.add(chat(GOOD))
    cli("app.py", *args, env=NO_OPENAI)
    # The 500 came to a request sent without the SDK's retries: one request, then the step down.
    assert [sent_format(r.body) for r in fake.chat_requests] == ["json_schema", "json_object"]
    fake.requests.clear()
    fake.add(chat(GOOD))
    cli("app.py", *args, "--no-cache", env=NO_OPENAI)
    assert [sent_format(r.body) for r in fake.chat_requests] == ["json_object"]


def test_temperature_is_clamped_into_the_providers_range(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("zhipu")
    fake.add(chat(GOOD), chat(GOOD))
    assert cli("app.py", *args, "--temperature", "0", env=key_env("zhipu")).exit_code == 1
    assert cli("app.py", *args, "--temperature", "1.5", env=key_env("zhipu")).exit_code == 1
    assert [r.body["temperature"] for r in fake.chat_requests] == [0.01, 1.0]


def test_parameters_a_preset_refuses_are_never_sent(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("zhipu")
    fake.add(chat(GOOD))
    run = cli("app.py", *args, "--seed", "7", "--top-p", "0.5", env=key_env("zhipu"))
    assert run.exit_code == 1, run.stderr
    [request] = fake.chat_requests
    assert "seed" not in request.body and request.body["top_p"] == 0.5


def test_sampling_settings_come_from_the_config_file_too(
    cli: Cli, fake: FakeAPI, sample: Path, user_config: Callable[[str], Path]
) -> None:
    user_config(
        'top_p = 0.9\nseed = 42\nstop = ["<end>"]\nfrequency_penalty = 0.5\n'
        "presence_penalty = -0.5\nmax_tokens = 800\n"
    )
    fake.add(chat(GOOD))
    cli("app.py")
    body = fake.chat_requests[0].body
    assert {k: body[k] for k in ("top_p", "seed", "stop", "frequency_penalty",
                                 "presence_penalty", "max_tokens")} == {
        "top_p": 0.9, "seed": 42, "stop": ["<end>"], "frequency_penalty": 0.5,
        "presence_penalty": -0.5, "max_tokens": 800,
    }  # fmt: skip


def test_openai_reasoning_models_get_no_temperature_and_max_completion_tokens(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("openai")
    fake.add(chat(GOOD))
    env = key_env("openai") | {"OPENAI_API_KEY": API_KEY}
    cli("app.py", *args, "--model", "o4-mini", "--max-tokens", "4000", env=env)
    body = fake.chat_requests[0].body
    assert "temperature" not in body and "max_tokens" not in body
    assert body["max_completion_tokens"] == 4000


def test_json_mode_says_json_where_the_provider_requires_the_word(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]], tmp_path: Path
) -> None:
    # Templates of a user's own that never say "json": the request must still carry the word.
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "review_system.j2").write_text("Review the code. Reply with an object.")
    args = serve("qwen")
    fake.add(chat(GOOD))
    run = cli("app.py", *args, "--config", str(_config(tmp_path, prompts)), env=key_env("qwen"))
    assert run.exit_code == 1, run.stderr
    assert "json" in fake.chat_requests[0].messages[0]["content"]


def _config(folder: Path, prompts: Path) -> Path:
    path = folder / "reviewer.toml"
    path.write_text(f'prompts_dir = "{prompts}"\n')
    return path


def test_deepseeks_empty_json_mode_content_is_asked_again(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("deepseek")  # its profile answers the first json_object request with ""
    fake.add(chat(GOOD))
    run = cli("app.py", *args, env=key_env("deepseek"))
    assert run.exit_code == 1, run.stderr
    assert len(fake.chat_requests) == 2


def test_empty_content_twice_is_reported_as_such(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat("", reasoning_content="Thinking..."), chat(None, reasoning_content="More..."))
    run = cli("app.py")
    assert run.exit_code == 3
    assert "returned empty content twice (it sent only its reasoning)" in run.stderr


def test_reasoning_never_reaches_the_parser_or_the_next_request(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("tencent")  # every answer carries reasoning_content
    bad = '{"score": 42, "summary": "x", "issues": []}'
    fake.add(chat(bad, reasoning_content='{"score": 3, "summary": "decoy", "issues": []}'))
    fake.add(chat(GOOD))
    run = cli("app.py", *args, env=key_env("tencent"))
    assert run.exit_code == 1, run.stderr
    second = fake.chat_requests[1].body
    sent = json.dumps(second["messages"])
    assert "loop bound looks wrong" not in sent and "decoy" not in sent
    assert all("reasoning_content" not in message for message in second["messages"])


@pytest.mark.parametrize("name", ["openai", "deepseek"])
def test_streaming_assembles_the_deltas_and_reads_usage_from_the_last_chunk(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]], name: str
) -> None:
    args = serve(name)
    fake.profile = dataclasses.replace(PROFILES[name], empty_json_once=False)
    if name == "deepseek":  # streamed function-call arguments, too
        fake.profile = dataclasses.replace(fake.profile, formats=frozenset({"tools"}))
    fake.add(chat(GOOD, prompt_tokens=1234, completion_tokens=56))
    run = cli("app.py", *args, "--stream", env=key_env(name))
    assert run.exit_code == 1, run.stderr
    assert "app.py:2: high [bug] Loop reads one past the end" in run.stdout
    assert "1,234 prompt + 56 completion tokens" in run.stdout
    body = fake.chat_requests[-1].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_streaming_is_off_for_pipes_and_json(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(chat(GOOD))
    cli("app.py")
    assert "stream" not in fake.chat_requests[0].body


def test_a_users_own_preset_from_the_config_file(
    cli: Cli, fake: FakeAPI, sample: Path, user_config: Callable[[str], Path]
) -> None:
    user_config(
        f'provider = "gateway"\n[providers.gateway]\nlike = "deepseek"\nbase_url = "{fake.url}"\n'
        'key_vars = ["GATEWAY_KEY"]\nmodel = "gw-coder"\ntemperature = [0.1, 1.0]\n'
    )
    fake.profile = Profile("/v1/chat/completions", "sk-gateway", frozenset({"json_object"}))
    fake.add(chat(GOOD))
    run = cli("app.py", "--temperature", "0", env={**NO_OPENAI, "GATEWAY_KEY": "sk-gateway"})
    assert run.exit_code == 1, run.stderr
    body = fake.chat_requests[0].body
    assert body["model"] == "gw-coder" and body["temperature"] == 0.1
    assert sent_format(body) == "json_object"
    listed = cli("--list-providers")
    assert "gateway" in listed.stdout and "GATEWAY_KEY" in listed.stdout


def test_a_preset_names_its_own_key_variable_when_none_is_set(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    # An OpenAI key is never sent to another company: OPENAI_API_KEY does not stand in.
    run = cli("app.py", "--provider", "deepseek", env={"OPENAI_BASE_URL": None})
    assert run.exit_code == 2
    assert "no API key for DeepSeek: set DEEPSEEK_API_KEY or REVIEWER_API_KEY" in run.stderr
    assert fake.requests == []


def test_an_unknown_provider_is_a_usage_error(cli: Cli, sample: Path) -> None:
    run = cli("app.py", "--provider", "deepsek")
    assert run.exit_code == 2
    assert "unknown provider 'deepsek'" in run.stderr and "(from --provider)" in run.stderr


def test_list_providers_shows_every_preset(cli: Cli) -> None:
    run = cli("--list-providers")
    assert run.exit_code == 0
    for name, preset in PRESETS.items():
        line = next(line for line in run.stdout.splitlines() if line.startswith(name + " "))
        assert (preset.base_url or "--base-url)") in line
        assert all(name in line for name in preset.key_vars)


def test_check_provider_reports_the_working_format_and_latency(
    cli: Cli, fake: FakeAPI, serve: Callable[[str], list[str]]
) -> None:
    args = serve("openai-compatible")
    fake.add(chat(review_json(3, "It subtracts.", [issue(2, "Wrong operator")])))
    run = cli("--check-provider", *args, env=NO_OPENAI)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "format     json_object (works)" in run.stdout
    assert "(reachable)" in run.stdout and "(answers)" in run.stdout
    assert "result     works" in run.stdout
    assert "latency" in run.stdout


def test_check_provider_reports_a_missing_model(cli: Cli, fake: FakeAPI) -> None:
    fake.add(error(404, "The model `nope` does not exist", code="model_not_found"))
    run = cli("--check-provider", "--model", "nope")
    assert run.exit_code == 3
    assert "result     FAILED: " in run.stdout and "404 for model 'nope'" in run.stdout
    assert "model      nope (not found)" in run.stdout


def test_check_provider_reports_an_unreachable_server(cli: Cli) -> None:
    run = cli("--check-provider", env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert run.exit_code == 3
    assert "(unreachable)" in run.stdout and "cannot connect" in run.stdout


def test_a_provider_is_inferred_from_the_base_url_host() -> None:
    assert infer_preset("https://api.deepseek.com/v1", {}).name == "deepseek"
    assert infer_preset("https://dashscope.aliyuncs.com/compatible-mode/v1", {}).name == "qwen"
    # On this machine the port tells local servers apart; any loopback name will do.
    assert infer_preset("http://127.0.0.1:8080/v1", {}).name == "llamacpp"
    assert infer_preset("http://[::1]:11434/v1", {}).name == "ollama"
    assert infer_preset("http://localhost:8000/v1", {}).name == "vllm"
    assert infer_preset("http://localhost:1234/v1", {}).name == "lmstudio"
    assert infer_preset("http://localhost:9999/v1", {}).name == "openai-compatible"
    # A provider's other endpoints, and Azure's resources (each its own host).
    assert infer_preset("https://api.moonshot.ai/v1", {}).name == "moonshot"
    assert infer_preset("https://api.minimax.io/v1", {}).name == "minimax"
    assert infer_preset("https://contoso.openai.azure.com", {}).name == "azure"
    assert infer_preset("https://evil-openai.azure.com.example.org", {}).name == "openai-compatible"
    assert infer_preset(None, {}).name == "openai"
    mine = custom_presets({"mine": {"base_url": "https://llm.example.com/v1"}})
    assert infer_preset("https://llm.example.com/v1", mine).name == "mine"


@pytest.mark.parametrize(
    ("table", "message"),
    [({"x": {"colour": "red"}}, "unknown key 'colour' in providers.x"),
     ({"x": {"like": "nope"}}, "like = 'nope' names no built-in provider"),
     ({"x": {"formats": ["xml"]}}, "unknown format 'xml'"),
     ({"x": {"keyless": "yes"}}, "providers.x.keyless must be true or false")],
)  # fmt: skip
def test_bad_custom_presets_are_usage_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        custom_presets(table)


def test_a_broken_stream_is_one_clear_error(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    fake.add(raw(200, "data: {not json\n\n", "text/event-stream"))
    run = cli("app.py", "--stream")
    assert run.exit_code == 3
    assert "is not a chat completion" in run.stderr
    assert "Traceback" not in run.stderr


def test_deepseeks_reasoner_gets_no_sampling_parameters(
    cli: Cli, fake: FakeAPI, sample: Path, serve: Callable[[str], list[str]]
) -> None:
    args = serve("deepseek")
    fake.profile = dataclasses.replace(PROFILES["deepseek"], empty_json_once=False)
    fake.add(chat(GOOD, reasoning_content="Hmm."))
    env = key_env("deepseek")
    assert (
        cli("app.py", *args, "--model", "deepseek-reasoner", "--top-p", "0.5", env=env).exit_code
        == 1
    )
    body = fake.chat_requests[0].body
    assert "temperature" not in body and "top_p" not in body
