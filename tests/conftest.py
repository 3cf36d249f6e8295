from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reviewer.cli import app
from tests.fakeapi import FakeAPI
from tests.gitrepo import GitRepo

API_KEY = "sk-test-0123456789abcdef"
# External contracts (schemas, request shapes, payloads), copied into the repository so that the
# suite is whole in a clone of it alone; tests/contracts/SOURCES.md says where each came from.
CONTRACTS = Path(__file__).resolve().parent / "contracts"
SAMPLE = (
    "def last(xs):\n    for i in range(len(xs) + 1):\n        value = xs[i]\n    return value\n"
)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys, endpoints, colours, config files or git settings."""
    for name in list(os.environ):
        # CI_/GITLAB_/GITHUB_: a suite run inside a CI job must not find itself in one.
        prefixes = ("OPENAI_", "REVIEWER_", "PRE_COMMIT", "GIT_", "CI_", "GITLAB_", "GITHUB_")
        # CI itself too: the suite runs in CI, where --trust-repo-config is refused.
        if name.startswith(prefixes) or name in ("NO_COLOR", "FORCE_COLOR", "CI"):
            monkeypatch.delenv(name)
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test\n\temail = test@example.com\n"
        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # What servers taught earlier runs is kept per test, never in the user's cache.
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    # And where a test's subprocess drops REVIEWER_* variables, the default cache folder
    # (platformdirs reads XDG_CACHE_HOME) is the test's too.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # The user-level config file (the operator's) is the test's own, empty unless it writes one.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture
def fake() -> Iterator[FakeAPI]:
    server = FakeAPI()
    yield server
    server.close()


@pytest.fixture
def sample() -> Path:
    path = Path("app.py")
    path.write_text(SAMPLE)
    return path


@pytest.fixture
def user_config(tmp_path: Path) -> Callable[[str], Path]:
    """user_config(TEXT): the operator's user-level config file (under XDG_CONFIG_HOME)."""

    def write(text: str) -> Path:
        path = tmp_path / "xdg-config" / "reviewer" / "reviewer.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return write


@pytest.fixture
def repo() -> GitRepo:
    """A git repository in the working folder, with no commits yet."""
    return GitRepo(Path.cwd())


@pytest.fixture
def cli(fake: FakeAPI) -> Callable[..., Run]:
    """Run the command line in-process against the fake, with a key and one quick retry."""

    def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None) -> Run:
        # One request at a time, so that scripted replies meet files in order; tests of
        # parallel runs ask for --jobs themselves.
        base = {
            "OPENAI_API_KEY": API_KEY,
            "OPENAI_BASE_URL": fake.url,
            "REVIEWER_MAX_RETRIES": "1",
            "REVIEWER_JOBS": "1",
            # One file a request, so that scripted replies meet files one by one; the tests of
            # packing ask for it themselves.
            "REVIEWER_PACK_TOKENS": "0",
        }
        result = CliRunner().invoke(app, list(args), env={**base, **(env or {})}, input=stdin)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback would have reached the user
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def serve(fake: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[str]]:
    """serve(NAME): the fake plays that provider (tests.profiles); the arguments to reach it."""
    from tests.profiles import play

    return lambda name: play(fake, monkeypatch, name)


@pytest.fixture(scope="session")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP with reviewer installed by the action's own install step, once for every
    test that runs the action (the install is the slow part)."""
    from tests.actionrunner import install_action

    return install_action(tmp_path_factory.mktemp("runner-temp"))


def refdata(*parts: str) -> Path:
    path = CONTRACTS.joinpath(*parts)
    assert path.is_file(), f"{path} is missing from tests/contracts"
    return path


def assert_valid(document: Any, schema_name: str, counterexample: Any) -> None:
    """`document` validates against a schema in tests/contracts/schemas, which rejects
    `counterexample` (so a schema that accepts anything cannot pass the test). References
    between the schemas resolve to the copies here, never to the network."""
    import jsonschema
    from referencing import Registry, Resource

    schemas = [json.loads(p.read_text()) for p in (CONTRACTS / "schemas").glob("*.json")]
    registry: Registry[Any] = Registry().with_resources(
        (schema.get("$id") or schema["id"], Resource.from_contents(schema)) for schema in schemas
    )
    schema = json.loads(refdata("schemas", schema_name).read_text())
    validator = jsonschema.validators.validator_for(schema)(schema, registry=registry)
    validator.validate(document)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(counterexample)
