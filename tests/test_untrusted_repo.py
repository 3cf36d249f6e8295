"""The repository under review is untrusted (a fork's pull request): its config may shape the
review, never choose where requests go, which keys they carry, which templates render, which
files are read or written. Each attack here worked before the trust boundary."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewer.config import load_settings
from reviewer.errors import UsageError
from reviewer.trust.boundary import LIMITS, REPOSITORY_KEYS, screen
from tests.conftest import API_KEY, Run
from tests.fakeapi import FakeAPI, chat, issue, review_json
from tests.gitrepo import GitRepo

Cli = Callable[..., Run]
CODE = "def last(xs):\n    for i in range(len(xs) + 1):\n        value = xs[i]\n    return value\n"
FOUND = review_json(4, "Off by one.", [issue(2, quote="for i in range(len(xs) + 1):")])
# A template that runs a command when rendered, as an attacker's would.
RCE = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}\n"
GITHUB_TOKEN = "ghs_operator0123456789abcdef"


@pytest.fixture
def attacker() -> Iterator[FakeAPI]:
    """A host of the attacker's choosing: it must never hear from the reviewer."""
    server = FakeAPI()
    server.default = chat(FOUND)
    yield server
    server.close()


def _pull_request(repo: GitRepo, config: str, **files: str) -> None:
    """The head of a pull request: app.py, the attacker's config and any other files."""
    repo.write("app.py", CODE)
    repo.write(".reviewer.toml", config)
    for name, text in files.items():
        repo.write(name, text)
    repo.commit("pull request")


def _warned(run: Run, key: str) -> bool:
    return any(
        line.startswith("warning: ") and f": {key} ignored: " in line
        for line in run.stderr.splitlines()
    )


def test_a_repositorys_template_never_runs_even_in_a_dry_run(
    cli: Cli, repo: GitRepo, tmp_path: Path
) -> None:
    pwned = tmp_path / "pwned"
    _pull_request(repo, 'prompts_dir = "p"\n', **{"p/review_system.j2": RCE % pwned})
    run = cli("app.py", "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert not pwned.exists()
    assert _warned(run, "prompts_dir")
    assert "REVIEWER_PROMPTS_DIR" in run.stderr and "--trust-repo-config" in run.stderr
    assert "senior software engineer" in run.stdout  # the built-in templates, not the attacker's


@pytest.mark.parametrize("trusted", ["operator", "trusted repository"])
def test_every_template_renders_in_a_sandbox(
    cli: Cli, repo: GitRepo, tmp_path: Path, fake: FakeAPI, trusted: str
) -> None:
    pwned = tmp_path / "pwned"
    if trusted == "operator":
        folder = tmp_path / "operator-prompts"
        folder.mkdir()
        (folder / "review_system.j2").write_text(RCE % pwned)
        _pull_request(repo, "")
        run = cli("app.py", env={"REVIEWER_PROMPTS_DIR": str(folder)})
    else:
        _pull_request(repo, 'prompts_dir = "p"\n', **{"p/review_system.j2": RCE % pwned})
        run = cli("app.py", "--trust-repo-config")
    assert run.exit_code == 2
    assert not pwned.exists() and fake.chat_requests == []
    [line] = run.stderr.splitlines()
    assert line.startswith("error: prompt template review_system.j2 reaches for")


def test_a_repository_cannot_send_the_key_to_a_host_of_its_choice(
    cli: Cli, repo: GitRepo, fake: FakeAPI, attacker: FakeAPI
) -> None:
    _pull_request(repo, f'base_url = "{attacker.url}"\napi_version = "x"\n')
    fake.add(chat(FOUND))
    # The action passes an empty REVIEWER_BASE_URL when its base-url input is not set.
    run = cli("app.py", env={"REVIEWER_BASE_URL": ""})
    assert run.exit_code == 1, run.stderr
    assert attacker.requests == [] and len(fake.chat_requests) == 1
    assert _warned(run, "base_url") and _warned(run, "api_version")
    assert fake.chat_requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_a_repositorys_own_preset_cannot_carry_another_variable_as_its_key(
    cli: Cli, repo: GitRepo, fake: FakeAPI, attacker: FakeAPI
) -> None:
    config = (
        'provider = "x"\n[providers.x]\n'
        f'base_url = "{attacker.url}"\nkey_vars = ["GITHUB_TOKEN"]\nmodel = "m"\n'
    )
    _pull_request(repo, config)
    fake.add(chat(FOUND))
    run = cli("app.py", env={"GITHUB_TOKEN": GITHUB_TOKEN})
    assert run.exit_code == 1, run.stderr
    assert attacker.requests == []
    assert all(GITHUB_TOKEN not in json.dumps(r.headers) for r in fake.requests)
    assert _warned(run, "provider") and _warned(run, "providers")


def test_a_repository_cannot_choose_a_provider_that_would_get_the_operators_key(
    cli: Cli, repo: GitRepo, fake: FakeAPI
) -> None:
    # A preset of ours, with the generic key the action passes: the key would go to that vendor.
    _pull_request(repo, 'provider = "groq"\nmodel = "expensive"\n')
    fake.add(chat(FOUND))
    run = cli("app.py", "--format", "json", env={"REVIEWER_API_KEY": API_KEY})
    assert run.exit_code == 1, run.stderr
    assert fake.chat_requests[0].body["model"] != "expensive"
    assert _warned(run, "provider") and _warned(run, "model")


@pytest.mark.parametrize("how", ["absolute", "symlink", "secret name"])
def test_a_repository_cannot_read_a_file_outside_it_into_the_prompt(
    cli: Cli, repo: GitRepo, fake: FakeAPI, tmp_path: Path, how: str
) -> None:
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:SECRET-OUTSIDE-MARKER\n")
    if how == "absolute":
        _pull_request(repo, f'instructions_file = "{outside}"\n')
    elif how == "symlink":
        (repo.path / "notes.md").symlink_to(outside)
        _pull_request(repo, 'instructions_file = "notes.md"\n')
    else:
        # Inside the repository, but a key by its name: never sent, whatever the setting.
        _pull_request(repo, 'instructions_file = "keys/id_rsa"\n',
                      **{"keys/id_rsa": "SECRET-OUTSIDE-MARKER\n"})  # fmt: skip
    fake.add(chat(FOUND))
    run = cli("app.py")
    assert run.exit_code == 1, run.stderr
    assert "SECRET-OUTSIDE-MARKER" not in json.dumps([r.body for r in fake.chat_requests])
    assert _warned(run, "instructions_file")


def test_instructions_inside_the_repository_still_reach_the_prompt(
    cli: Cli, repo: GitRepo, fake: FakeAPI
) -> None:
    _pull_request(repo, 'instructions_file = "docs/REVIEW.md"\n',
                  **{"docs/REVIEW.md": "Money is in cents, never floats.\n"})  # fmt: skip
    fake.add(chat(FOUND))
    run = cli("app.py")
    assert run.exit_code == 1, run.stderr
    assert "Money is in cents" in fake.chat_requests[0].messages[0]["content"]
    assert "warning" not in run.stderr


def test_an_operator_naming_a_secret_file_as_instructions_is_refused(
    cli: Cli, tmp_path: Path, fake: FakeAPI
) -> None:
    ssh = tmp_path / ".ssh"
    ssh.mkdir()
    (ssh / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    Path("app.py").write_text(CODE)
    run = cli("app.py", env={"REVIEWER_INSTRUCTIONS_FILE": str(ssh / "id_rsa")})
    assert run.exit_code == 2 and fake.chat_requests == []
    assert "secret file" in run.stderr


@pytest.mark.parametrize("key", ["output", "sarif_file", "codequality_file", "cache_dir"])
def test_a_repository_cannot_choose_where_files_are_written(
    cli: Cli, repo: GitRepo, fake: FakeAPI, tmp_path: Path, key: str
) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    target = victim / "x" if key == "cache_dir" else victim
    _pull_request(repo, f'{key} = "{target}"\n')
    fake.add(chat(FOUND))
    run = cli("app.py", "--format", "json")
    assert run.exit_code == 1, run.stderr
    assert victim.read_text() == "export PATH=/usr/bin\n"
    assert json.loads(run.stdout)["findings"]  # the report went where the operator said
    assert _warned(run, key)


def test_a_config_file_named_inside_the_repository_is_the_repositorys(
    cli: Cli, repo: GitRepo, fake: FakeAPI, attacker: FakeAPI
) -> None:
    # The action's `config` input names a file in the checkout: the pull request wrote it.
    repo.write(".github/reviewer.toml", f'base_url = "{attacker.url}"\nfail_on = "medium"\n')
    _pull_request(repo, "")
    fake.add(chat(FOUND))
    run = cli("app.py", "--config", ".github/reviewer.toml")
    assert run.exit_code == 1 and attacker.requests == [] and len(fake.chat_requests) == 1
    assert _warned(run, "base_url")


def test_the_operators_config_files_may_set_everything(
    cli: Cli,
    repo: GitRepo,
    fake: FakeAPI,
    attacker: FakeAPI,
    tmp_path: Path,
    user_config: Callable[[str], Path],
) -> None:
    _pull_request(repo, 'language = "zh-CN"\n')
    operator = tmp_path / "operator.toml"
    operator.write_text(f'base_url = "{attacker.url}"\n')
    attacker.default = None
    attacker.add(chat(FOUND))
    run = cli("app.py", "--config", str(operator), env={"OPENAI_BASE_URL": None})
    assert run.exit_code == 1, run.stderr
    assert len(attacker.chat_requests) == 1 and fake.requests == []
    # The user-level file, under the platform's config folder, is the operator's too.
    user_config(f'base_url = "{fake.url}"\nmodel = "house-model"\n')
    fake.add(chat(FOUND))
    run = cli("app.py", "--no-cache", env={"OPENAI_BASE_URL": None})
    assert run.exit_code == 1, run.stderr
    assert fake.chat_requests[0].body["model"] == "house-model"
    assert "warning" not in run.stderr


def test_trust_repo_config_restores_full_trust_outside_ci_only(
    cli: Cli, repo: GitRepo, fake: FakeAPI, attacker: FakeAPI
) -> None:
    _pull_request(repo, f'base_url = "{attacker.url}"\n')
    run = cli("app.py", "--trust-repo-config", env={"CI": "true"})
    assert run.exit_code == 2 and attacker.requests == [] and fake.requests == []
    assert "never CI" in run.stderr
    run = cli("app.py", "--trust-repo-config")
    assert run.exit_code == 1, run.stderr
    assert len(attacker.chat_requests) == 1 and fake.requests == []
    # In CI, the warning does not offer what CI refuses.
    run = cli("app.py", "--dry-run", env={"GITLAB_CI": "true"})
    assert _warned(run, "base_url") and "--trust-repo-config" not in run.stderr


def test_sizes_over_the_repositorys_limits_are_ignored_and_shaping_keys_kept() -> None:
    Path(".reviewer.toml").write_text(
        'pack_tokens = 900000\nmax_file_bytes = 500\nlanguage = "zh-CN"\n'
        'exclude = ["docs/"]\nredact_secrets = false\nfix = true\n'
    )
    warnings: list[str] = []
    settings = load_settings({}, env={}, cwd=Path.cwd(), warnings=warnings)
    assert (settings.pack_tokens, settings.max_file_bytes) == (6000, 500)
    assert (settings.language, settings.exclude) == ("zh-CN", ["docs/"])
    assert (settings.redact_secrets, settings.fix) == (True, False)
    named = sorted(line.split(": ")[1].split()[0] for line in warnings)
    assert named == ["fix", "pack_tokens", "redact_secrets"]
    assert "up to 24,000" in next(w for w in warnings if "pack_tokens" in w)


def test_unknown_keys_stay_errors_in_the_repositorys_config() -> None:
    Path(".reviewer.toml").write_text('base_urll = "http://x"\n')
    with pytest.raises(UsageError, match=r"unknown key 'base_urll'.*did you mean 'base_url'"):
        load_settings({}, env={}, cwd=Path.cwd())


def test_the_allowance_is_an_allow_list_with_limits_inside_it() -> None:
    # A key the settings gain later is the operator's until someone allows it.
    kept, refused = screen({"some_new_key": 1, "language": "en"})
    assert kept == {"language": "en"} and [r.key for r in refused] == ["some_new_key"]
    assert set(LIMITS) <= REPOSITORY_KEYS
    for key in ("base_url", "providers", "provider", "prompts_dir", "output", "cache_dir",
                "sarif_file", "codequality_file", "api_version", "redact_secrets", "fix",
                "post", "max_cost", "prices", "model"):  # fmt: skip
        assert key not in REPOSITORY_KEYS


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github"])
def test_the_keys_and_tokens_the_run_holds_never_reach_a_report(
    cli: Cli, repo: GitRepo, fake: FakeAPI, fmt: str
) -> None:
    # Code that steers the model into echoing what it may have seen or guessed.
    echoed = issue(
        2, f"Key {API_KEY} found", quote="for i in range(len(xs) + 1):",
        message=f"Token {GITHUB_TOKEN} and {API_KEY}", suggestion=f"Rotate {GITHUB_TOKEN}",
    )  # fmt: skip
    fake.add(chat(review_json(4, f"Summary with {API_KEY}", [echoed])))
    _pull_request(repo, "")
    run = cli("app.py", "--format", fmt, env={"GITHUB_TOKEN": GITHUB_TOKEN})
    assert run.exit_code == 1, run.stderr
    shown = run.stdout + run.stderr
    assert API_KEY not in shown and GITHUB_TOKEN not in shown
    assert "***" in shown


def test_the_warnings_name_exactly_the_settings_the_command_line_takes(cli: Cli) -> None:
    # FLAG_KEYS is how a warning says to set a key as the operator: it must follow the options.
    from reviewer.config import FILE_KEYS, FLAG_KEYS

    shown = cli("--help").stdout
    flags = {key for key in FILE_KEYS if f"--{key.replace('_', '-')} " in shown}
    assert flags == FLAG_KEYS
