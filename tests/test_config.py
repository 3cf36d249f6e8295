"""Settings: the contract's precedence, config discovery, and errors that name their source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewer.config import Settings, load_settings, model_options
from reviewer.errors import UsageError


def load(flags: dict[str, Any] | None = None, env: dict[str, str] | None = None,
         cwd: Path | None = None, config: Path | None = None) -> Settings:  # fmt: skip
    return load_settings(flags or {}, env=env or {}, cwd=cwd or Path.cwd(), config_path=config)


def test_defaults() -> None:
    settings = load()
    assert (settings.temperature, settings.format, settings.fail_on) == (0.2, "text", "high")
    assert (settings.self_check, settings.min_score, settings.api_key) == (False, None, None)


def test_flag_beats_environment_beats_file() -> None:
    Path(".reviewer.toml").write_text('model = "file"\ntemperature = 0.5\nfail_on = "low"\n')
    settings = load({"model": "flag"}, {"REVIEWER_MODEL": "env", "REVIEWER_TEMPERATURE": "0.1"})
    assert (settings.model, settings.temperature, settings.fail_on) == ("flag", 0.1, "low")


def test_none_flags_do_not_override() -> None:
    Path(".reviewer.toml").write_text('language = "zh-CN"\n')
    assert load({"language": None}).language == "zh-CN"


def test_nearest_file_up_from_the_working_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.reviewer]\nmin_score = 3\n")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.reviewer]
    assert load(cwd=inner).min_score == 3
    (tmp_path / "a" / ".reviewer.toml").write_text("min_score = 5\n")
    assert load(cwd=inner).min_score == 5


def test_dot_reviewer_toml_beats_pyproject_in_the_same_folder() -> None:
    Path("pyproject.toml").write_text('[tool.reviewer]\nfail_on = "low"\n')
    Path(".reviewer.toml").write_text('fail_on = "critical"\n')
    assert load().fail_on == "critical"


def test_explicit_config_file(tmp_path: Path) -> None:
    custom = tmp_path / "custom.toml"
    custom.write_text('model = "custom"\nprompts_dir = "my-prompts"\n')
    settings = load(config=custom)
    assert settings.model == "custom"
    assert settings.prompts_dir == tmp_path / "my-prompts"  # relative to the file, as ruff does


def test_api_key_and_base_url_precedence() -> None:
    env = {"OPENAI_API_KEY": "openai", "REVIEWER_API_KEY": "reviewer",
           "OPENAI_API_BASE": "legacy", "OPENAI_BASE_URL": "openai-url"}  # fmt: skip
    settings = load(env=env)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "reviewer"
    assert settings.base_url == "openai-url"
    assert load(env={"OPENAI_API_BASE": "legacy"}).base_url == "legacy"


def test_empty_variables_count_as_unset() -> None:
    settings = load(env={"OPENAI_API_KEY": "", "REVIEWER_MODEL": "  "})
    assert settings.api_key is None and settings.model == "gpt-4.1-mini"


def test_the_key_never_shows_in_a_repr() -> None:
    assert "sk-secret" not in repr(load(env={"OPENAI_API_KEY": "sk-secret"}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('api_key = "sk-in-a-committed-file"\n', "unknown key 'api_key'"),
        ('fail-on = "low"\n', "unknown key 'fail-on' in .* \\(did you mean 'fail_on'\\?\\)"),
        ("min_score = 11\n", "bad value for min_score \\(from .*\\.reviewer\\.toml\\)"),
        ('fail_on = "sometimes"\n', "bad value for fail_on"),
        ("model = [\n", "is not valid TOML"),
    ],
)
def test_bad_config_files_are_usage_errors(text: str, message: str) -> None:
    Path(".reviewer.toml").write_text(text)
    with pytest.raises(UsageError, match=message):
        load()


def test_bad_environment_values_name_the_variable() -> None:
    with pytest.raises(UsageError, match="bad value for max_tokens \\(from REVIEWER_MAX_TOKENS\\)"):
        load(env={"REVIEWER_MAX_TOKENS": "lots"})


def test_pyproject_section_must_be_a_table() -> None:
    Path("pyproject.toml").write_text('[tool]\nreviewer = "yes"\n')
    with pytest.raises(UsageError, match="must be a table"):
        load()


@pytest.mark.parametrize(
    ("flags", "terminal", "stream"),
    [({}, True, True), ({}, False, False), ({"format": "json"}, True, False),
     ({"output": Path("r.txt")}, True, False), ({"stream": False}, True, False),
     ({"stream": True}, False, True)],
)  # fmt: skip
def test_streaming_defaults_to_a_person_watching_a_terminal(
    flags: dict[str, Any], terminal: bool, stream: bool
) -> None:
    settings = load_settings(flags, env={}, cwd=Path.cwd(), terminal=terminal)
    assert settings.stream is stream


def test_the_cache_folder_is_filled_in_when_the_settings_are_loaded() -> None:
    assert load({}).cache_dir.name == "reviewer"  # the user cache folder
    assert load({}, env={"REVIEWER_CACHE_DIR": "/tmp/c"}).cache_dir == Path("/tmp/c")


def test_the_model_layer_gets_its_options_built_in_one_place() -> None:
    env = {"DEEPSEEK_API_KEY": "sk-deep", "REVIEWER_SEED": "7"}
    options = model_options(load({"provider": "deepseek", "max_tokens": 900}, env=env))
    assert options.preset.name == "deepseek" and options.model == "deepseek-chat"
    assert options.base_url == "https://api.deepseek.com" and options.api_key == "sk-deep"
    assert options.sampling == {
        "temperature": 0.2, "top_p": None, "max_tokens": 900, "seed": 7, "stop": None,
        "frequency_penalty": None, "presence_penalty": None,
    }  # fmt: skip
    assert options.max_tokens == 900
    assert "sk-deep" not in repr(options)
