"""Azure OpenAI through the SDK's Azure client, against a fake that answers only what Azure
answers: POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}
with the key in an `api-key` header (https://learn.microsoft.com/azure/ai-services/openai/
reference#chat-completions); anything else is a 404 or a 401, as there.

Also: a preset whose model must be named (a deployment, a local server's model) says so, and
for a local server, which models it serves."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, Profile, chat, error, issue, review_json
from tests.loopback import serve_json
from tests.model.test_local import FakeModels, port_of

Cli = Callable[..., Run]
GOOD = review_json(4, "Reads one past the end.", [issue(2)])
DEPLOYMENT = "gpt4o-code-review"


def azure_env(fake: FakeAPI, **more: str | None) -> dict[str, str | None]:
    """Everything from the environment, as an Azure pipeline sets it; no OpenAI variables."""
    return {
        "OPENAI_API_KEY": None, "OPENAI_BASE_URL": None, "REVIEWER_PROVIDER": "azure",
        "AZURE_OPENAI_ENDPOINT": fake.root, "AZURE_OPENAI_API_KEY": API_KEY,
        "AZURE_OPENAI_DEPLOYMENT": DEPLOYMENT, "OPENAI_API_VERSION": "2025-01-01-preview",
        **more,
    }  # fmt: skip


def plays_azure(fake: FakeAPI, version: str) -> None:
    path = f"/openai/deployments/{DEPLOYMENT}/chat/completions?api-version={version}"
    fake.profile = Profile(path, API_KEY, key_header="api-key")


def test_endpoint_deployment_and_api_version_come_from_the_environment(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    plays_azure(fake, "2025-01-01-preview")
    fake.add(chat(GOOD))
    run = cli("app.py", "--format", "json", env=azure_env(fake))
    assert run.exit_code == 1, run.stderr
    assert [f["line"] for f in json.loads(run.stdout)["findings"]] == [2]
    (request,) = fake.chat_requests
    assert request.headers["api-key"] == API_KEY
    assert "authorization" not in request.headers  # the key goes only where Azure reads it
    assert request.body["model"] == DEPLOYMENT
    assert request.body["response_format"]["type"] == "json_schema"
    assert API_KEY not in run.stdout + run.stderr


def test_with_only_azures_variables_set_azure_is_the_provider(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    plays_azure(fake, "2025-01-01-preview")
    fake.add(chat(GOOD))
    run = cli("app.py", env=azure_env(fake, REVIEWER_PROVIDER=None))
    assert run.exit_code == 1, run.stderr
    assert fake.chat_requests[0].headers["api-key"] == API_KEY


def test_the_api_version_defaults_to_the_latest_ga_and_the_config_file_may_set_it(
    cli: Cli, fake: FakeAPI, sample: Path, tmp_path: Path
) -> None:
    plays_azure(fake, "2024-10-21")
    fake.add(chat(GOOD))
    assert cli("app.py", env=azure_env(fake, OPENAI_API_VERSION=None)).exit_code == 1
    plays_azure(fake, "2024-12-01-preview")
    fake.add(chat(GOOD))
    config = tmp_path / "reviewer.toml"
    config.write_text('api_version = "2024-12-01-preview"\n')
    run = cli("app.py", "--config", str(config), "--no-cache", env=azure_env(fake))
    assert run.exit_code == 1, run.stderr
    assert len(fake.chat_requests) == 2


def test_a_base_url_with_the_deployments_path_is_used_as_it_is(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    plays_azure(fake, "2025-01-01-preview")
    fake.add(chat(GOOD))
    base = f"{fake.root}/openai/deployments/{DEPLOYMENT}"
    run = cli("app.py", "--base-url", base, env=azure_env(fake, AZURE_OPENAI_ENDPOINT=None))
    assert run.exit_code == 1, run.stderr


def test_without_a_deployment_or_an_endpoint_the_message_says_which_to_set(
    cli: Cli, fake: FakeAPI, sample: Path
) -> None:
    run = cli("app.py", env=azure_env(fake, AZURE_OPENAI_DEPLOYMENT=None))
    assert run.exit_code == 2
    assert "needs the deployment's name as the model" in run.stderr
    assert "AZURE_OPENAI_DEPLOYMENT" in run.stderr and "--model" in run.stderr
    run = cli("app.py", env=azure_env(fake, AZURE_OPENAI_ENDPOINT=None))
    assert run.exit_code == 2
    assert "set AZURE_OPENAI_ENDPOINT or pass --base-url" in run.stderr
    run = cli("app.py", env=azure_env(fake, AZURE_OPENAI_API_KEY=None))
    assert run.exit_code == 2 and "set AZURE_OPENAI_API_KEY" in run.stderr
    assert not fake.requests  # nothing was sent


def test_an_unknown_deployment_is_one_clear_line(cli: Cli, fake: FakeAPI, sample: Path) -> None:
    plays_azure(fake, "2025-01-01-preview")
    fake.add(error(404, "The API deployment for this resource does not exist.",
                   code="DeploymentNotFound"))  # fmt: skip
    run = cli("app.py", env=azure_env(fake))
    assert run.exit_code == 3
    assert "does not exist" in run.stderr and DEPLOYMENT in run.stderr
    assert "check the deployment name" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_local_server_whose_model_must_be_named_lists_what_it_serves(
    cli: Cli, sample: Path
) -> None:
    served = FakeModels(["Qwen/Qwen2.5-Coder-7B-Instruct"])
    server = serve_json(served)
    try:
        base = f"http://127.0.0.1:{port_of(server)}/v1"
        run = cli("app.py", "--provider", "vllm", "--base-url", base, env={"OPENAI_API_KEY": None})
    finally:
        server.close()
    assert run.exit_code == 2
    assert "vLLM server (local) needs a model named" in run.stderr
    assert "it serves: Qwen/Qwen2.5-Coder-7B-Instruct" in run.stderr
