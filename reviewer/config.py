"""Settings: built-in defaults < config file < environment < command line (the contract's order).

Every value remembers where it came from, so that a bad one is reported by its source
(`REVIEWER_TEMPERATURE`, `--fail-on`, `pyproject.toml [tool.reviewer]`), not as a bare
validation error.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from reviewer.choices import FailOn, FilterMode, OnProviderError, OutputFormat
from reviewer.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DEFAULT_MODEL = "gpt-4.1-mini"
CONFIG_FILE = ".reviewer.toml"
PYPROJECT = "pyproject.toml"


class Settings(BaseModel):
    """Everything that shapes a run. Field names are the long option names with `_` for `-`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(default=DEFAULT_MODEL, min_length=1)
    base_url: str | None = None
    # From the environment only: a key written into a committed config file is a leak.
    api_key: SecretStr | None = None
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    max_tokens: int | None = Field(default=None, ge=1)
    format: OutputFormat = "text"
    output: Path | None = None
    fail_on: FailOn = "high"
    min_score: int | None = Field(default=None, ge=1, le=10)
    self_check: bool = False
    dry_run: bool = False
    prompts_dir: Path | None = None
    nitpicks: bool = False
    timeout: float = Field(default=300.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    on_provider_error: OnProviderError = "fail"
    # Diff modes: gitignore-style patterns to skip, on top of the defaults unless those are off.
    exclude: list[str] = Field(default_factory=list)
    default_excludes: bool = True
    filter_mode: FilterMode = "added"
    # The most lines shown above a hunk while reaching for its enclosing definition.
    context_lines: int = Field(default=20, ge=0, le=1000)


# Keys a config file or a REVIEWER_* variable may set.
FILE_KEYS: frozenset[str] = frozenset(Settings.model_fields) - {"api_key"}
# Config-file keys that name paths, resolved against the config file's folder.
PATH_KEYS: frozenset[str] = frozenset({"output", "prompts_dir"})
# List keys: every layer adds to the list (a `--exclude` extends the config's, never drops it);
# in the environment, the items are separated by commas.
LIST_KEYS: frozenset[str] = frozenset({"exclude"})

# Environment variables beyond REVIEWER_<KEY>, each key's list in falling precedence.
ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "api_key": ("REVIEWER_API_KEY", "OPENAI_API_KEY"),
    "base_url": ("REVIEWER_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_BASE"),
}


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    values: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.path} [tool.reviewer]" if self.path.name == PYPROJECT else str(self.path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config file {path} is not valid TOML: {exc}") from None


def _section(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The reviewer table of a config file: `[tool.reviewer]` in pyproject.toml, else the top."""
    if path.name != PYPROJECT:
        return data
    tool = data.get("tool")
    section = tool.get("reviewer") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise UsageError(f"{path}: [tool.reviewer] must be a table")
    return section


def load_config_file(explicit: Path | None, cwd: Path) -> ConfigFile | None:
    """The explicit `--config` file, or the nearest one up from `cwd` (as ruff finds its own)."""
    if explicit is not None:
        path = (cwd / explicit).resolve()
        if not path.is_file():
            raise UsageError(f"config file {explicit} does not exist")
        section = _section(path, _read_toml(path))
        return ConfigFile(path, section or {})
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        for name in (CONFIG_FILE, PYPROJECT):
            path = folder / name
            if path.is_file():
                section = _section(path, _read_toml(path))
                if section is not None:
                    return ConfigFile(path, section)
    return None


def _check_keys(keys: Any, where: str) -> None:
    for key in keys:
        if key not in FILE_KEYS:
            close = difflib.get_close_matches(str(key).replace("-", "_"), sorted(FILE_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"unknown key '{key}' in {where}{hint}")


def _from_env(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    found: dict[str, tuple[Any, str]] = {}
    for key in sorted(FILE_KEYS | set(ENV_ALIASES)):
        names = ENV_ALIASES.get(key, (f"REVIEWER_{key.upper()}",))
        for name in names:
            # An empty variable counts as unset: CI passes "" for secrets a fork cannot read.
            value = env.get(name, "")
            if value.strip():
                items = [item.strip() for item in value.split(",") if item.strip()]
                found[key] = (items if key in LIST_KEYS else value.strip(), name)
                break
    return found


def load_settings(
    flags: Mapping[str, Any],
    *,
    env: Mapping[str, str],
    cwd: Path,
    config_path: Path | None = None,
) -> Settings:
    """Merge the layers and validate. `flags` maps option names to values (None = not given)."""
    layers: dict[str, tuple[Any, str]] = {}

    def put(key: str, value: Any, source: str) -> None:
        if key in LIST_KEYS and key in layers:
            below, _ = layers[key]
            if isinstance(below, list) and isinstance(value, list):
                value = [*below, *value]
        layers[key] = (value, source)

    config = load_config_file(config_path, cwd)
    if config is not None:
        _check_keys(config.values, config.label)
        for key, value in config.values.items():
            if key in PATH_KEYS and isinstance(value, str):
                value = config.path.parent / value
            put(key, value, config.label)

    for key, (value, source) in _from_env(env).items():
        put(key, value, source)

    for key, value in flags.items():
        if key not in Settings.model_fields:
            raise ValueError(f"unknown flag field {key}")  # a programming error, not user input
        if value is not None:
            put(key, value, "--" + key.replace("_", "-"))

    try:
        return Settings.model_validate({key: value for key, (value, _) in layers.items()})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "?"
        source = layers.get(key, (None, "settings"))[1]
        raise UsageError(f"bad value for {key} (from {source}): {error['msg']}") from None
