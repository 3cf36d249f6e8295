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
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from reviewer.contract import Category, FailOn, FilterMode, OnProviderError, OutputFormat, Severity
from reviewer.errors import UsageError
from reviewer.rules import PathRule

if TYPE_CHECKING:
    from reviewer.model.options import ModelOptions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DEFAULT_MODEL = "gpt-4.1-mini"
# The run's default time limit: a commit waits on a hook, so it gets less; CI and the terminal
# more (a large review at a slow provider), but never unbounded.
HOOK_TIMEOUT = 180.0
RUN_TIMEOUT = 1200.0
CONFIG_FILE = ".reviewer.toml"
PYPROJECT = "pyproject.toml"


def default_cache_dir() -> Path:
    """The user cache folder (REVIEWER_CACHE_DIR or `cache_dir` choose another)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("reviewer", appauthor=False))


class Settings(BaseModel):
    """Everything that shapes a run. Field names are the long option names with `_` for `-`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The provider preset (see providers.py); after loading, always the one in effect.
    provider: str = "openai"
    model: str = Field(default=DEFAULT_MODEL, min_length=1)
    base_url: str | None = None
    # Azure OpenAI's `api-version` (default: the preset's; OPENAI_API_VERSION as with the SDK).
    api_version: str | None = Field(default=None, min_length=1)
    # From the environment only: a key written into a committed config file is a leak.
    api_key: SecretStr | None = None
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    max_tokens: int | None = Field(default=None, ge=1)
    top_p: float | None = Field(default=None, ge=0.0, le=1.0)
    seed: int | None = None
    stop: list[str] | None = Field(default=None, max_length=4)
    frequency_penalty: float | None = Field(default=None, ge=-2.0, le=2.0)
    presence_penalty: float | None = Field(default=None, ge=-2.0, le=2.0)
    # Default: on when the text report goes to a terminal (filled in by load_settings).
    stream: bool = False
    # Your own presets, `[providers.NAME]` tables (see providers.custom_presets).
    providers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Where replies and what servers taught us are kept.
    cache_dir: Path = Field(default_factory=default_cache_dir)
    # Requests in flight at once.
    jobs: int = Field(default=8, ge=1, le=64)
    # Replies kept by content in the cache folder: an unchanged unit is never sent twice.
    cache: bool = True
    # The model's context window in tokens (default: from the price/model table, else 32,000);
    # every request is kept under it, less room for the reply.
    context_window: int | None = Field(default=None, ge=1024)
    # The most prompt tokens one request may carry (default: 24,000, or less to fit the window).
    request_tokens: int | None = Field(default=None, ge=1000)
    # Prices in USD per million tokens, [input, output], by model name: they extend the table.
    prices: dict[str, tuple[float, float]] = Field(default_factory=dict)
    # Files larger than this are skipped (listed), not split into dozens of requests.
    max_file_bytes: int = Field(default=1_000_000, ge=1)
    # A review of a folder (an audit) sends at most this many requests, or nothing: its size is
    # checked before the first request.
    folder_max_requests: int = Field(default=200, ge=1)
    # Secrets in the code are replaced by placeholders before anything is sent.
    redact_secrets: bool = True
    # Noise controls. A finding whose quote is not in the code is dropped unless kept here.
    keep_ungrounded: bool = False
    max_findings: int | None = Field(default=None, ge=1)  # per unit, the most severe first
    min_severity: Severity | None = None
    categories: list[Category] = Field(default_factory=list)  # empty: every category
    exclude_categories: list[Category] = Field(default_factory=list)
    # Project instructions rendered into the prompts: inline, or from a file.
    instructions: str | None = None
    instructions_file: Path | None = None
    # In GitHub Actions or a GitLab merge-request pipeline: post the review. Also write SARIF,
    # or a GitLab Code Quality report, to these files.
    post: bool = False
    sarif_file: Path | None = None
    codequality_file: Path | None = None
    format: OutputFormat = "text"
    output: Path | None = None
    fail_on: FailOn = "high"
    min_score: int | None = Field(default=None, ge=1, le=10)
    self_check: bool = False
    dry_run: bool = False
    # Write the findings' fixes into the work tree (--fix), as ruff's `fix` does.
    fix: bool = False
    # In CI, review the whole pull or merge request, not only the commits since the last review.
    full: bool = False
    prompts_dir: Path | None = None
    nitpicks: bool = False
    # Rules by path ([[rules]]): a team's standards for some files (reviewer/rules.py).
    rules: list[PathRule] = Field(default_factory=list)
    # The language people read (BCP 47): the model's findings and summaries, and reviewer's own
    # words in what it posts. Machine outputs never change with it.
    language: str = "en"
    # Chat notifications (REVIEWER_NOTIFY names the webhooks): when to send, and the chat ids
    # of commit authors by email, per kind, to mention when a run fails its gate.
    notify_on: Literal["always", "findings", "failure"] = "always"
    notify_mentions: dict[str, dict[str, str]] = Field(default_factory=dict)
    # The whole run's time limit in seconds (0: none): past it, requests in flight are abandoned,
    # what finished is reported and the rest listed as not reviewed. Default: HOOK_TIMEOUT in a
    # git hook run by pre-commit, RUN_TIMEOUT elsewhere (filled in by load_settings).
    timeout: float = Field(default=0.0, ge=0)
    # Only the I-th of N parts of the selection ("I/N"), for a CI matrix; in GitLab CI,
    # CI_NODE_INDEX/CI_NODE_TOTAL give it by default.
    shard: str | None = None
    # Small units of several files share one request up to this many prompt tokens (0: one file
    # a request). The default is source/packing.py's PACK_TOKENS.
    pack_tokens: int = Field(default=6000, ge=0)
    # The most one run may spend, in USD at the price table's list prices (None: no cap).
    max_cost: float | None = Field(default=None, gt=0)
    # Seconds to wait for one reply (the SDK's timeout, for each attempt).
    request_timeout: float = Field(default=300.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    on_provider_error: OnProviderError = "fail"
    # Diff modes: gitignore-style patterns to skip, on top of the defaults unless those are off.
    exclude: list[str] = Field(default_factory=list)
    default_excludes: bool = True
    filter_mode: FilterMode = "added"
    # The most lines shown above a hunk while reaching for its enclosing definition.
    context_lines: int = Field(default=20, ge=0, le=1000)

    @field_validator("language")
    @classmethod
    def _language(cls, tag: str) -> str:
        from reviewer.i18n import check_tag

        return check_tag(tag)


# Keys a config file or a REVIEWER_* variable may set.
FILE_KEYS: frozenset[str] = frozenset(Settings.model_fields) - {"api_key"}
# Keys no single environment variable can hold.
NOT_FROM_ENV: frozenset[str] = frozenset({"providers", "prices", "notify_mentions", "rules"})
# Config-file keys that name paths, resolved against the config file's folder.
PATH_KEYS: frozenset[str] = frozenset(
    {"output", "prompts_dir", "cache_dir", "sarif_file", "codequality_file", "instructions_file"}
)
# List keys; in the environment, their items are separated by commas.
LIST_KEYS: frozenset[str] = frozenset({"exclude", "stop", "categories", "exclude_categories"})
# Keys whose lists add up across layers (a `--exclude` extends the config's, never drops it).
EXTEND_KEYS: frozenset[str] = frozenset({"exclude"})
# The OpenAI SDK's own variables, read below REVIEWER_* (see _provider_defaults).
OPENAI_KEY_VAR = "OPENAI_API_KEY"
OPENAI_BASE_VARS = ("OPENAI_BASE_URL", "OPENAI_API_BASE")
# Presets that take the OpenAI SDK's base URL variables when named explicitly.
OPENAI_BASE_PRESETS = frozenset({"openai", "openai-compatible"})


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


def _env(env: Mapping[str, str], *names: str) -> tuple[str, str] | None:
    """The first of `names` set to something, with its name. An empty variable counts as unset:
    CI passes "" for the secrets a fork cannot read."""
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value, name
    return None


def _from_env(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    found: dict[str, tuple[Any, str]] = {}
    for key in sorted((FILE_KEYS - NOT_FROM_ENV) | {"api_key"}):
        hit = _env(env, f"REVIEWER_{key.upper()}")
        if hit is not None:
            value, name = hit
            items = [item.strip() for item in value.split(",") if item.strip()]
            found[key] = (items if key in LIST_KEYS else value, name)
    return found


def _provider_defaults(
    layers: dict[str, tuple[Any, str]], env: Mapping[str, str]
) -> dict[str, tuple[Any, str]]:
    """What the provider preset adds beneath the layers: the preset itself, its base URL, key
    variable and model, and for a local server streaming and its jobs. Named with --provider,
    the preset's own variables are read; otherwise it is inferred from the base URL's host, and
    the OpenAI SDK's variables keep their meaning."""
    from reviewer.model.providers import by_base_var, custom_presets, find_preset, infer_preset

    tables = layers.get("providers", ({}, ""))[0]
    custom = custom_presets(tables if isinstance(tables, Mapping) else {})
    added: dict[str, tuple[Any, str]] = {}
    chosen = "provider" in layers
    base = layers.get("base_url") or (None if chosen else _env(env, *OPENAI_BASE_VARS))
    if chosen:
        name, source = layers["provider"]
        try:
            preset = find_preset(str(name), custom)
        except UsageError as exc:
            raise UsageError(f"{exc.message} (from {source})") from None
        if base is None:
            base_vars = OPENAI_BASE_VARS if preset.name in OPENAI_BASE_PRESETS else preset.base_vars
            base = _env(env, *base_vars)
    elif base is None and _env(env, OPENAI_KEY_VAR) is None and (found := by_base_var(env)):
        # Only a provider's own endpoint variable, as an Azure pipeline sets AZURE_OPENAI_ENDPOINT:
        # that provider, as its SDK would.
        preset, base = found
        added["provider"] = (preset.name, base[1])
    else:
        preset = infer_preset(str(base[0]) if base else None, custom)
        added["provider"] = (preset.name, f"the base URL {base[0]}" if base else "the default")
    label = f"provider {preset.name}"
    if base is None and preset.base_url:
        base = (preset.base_url, label)
    if base is not None and "base_url" not in layers:
        added["base_url"] = base
    if "api_key" not in layers:
        names = [*preset.key_vars, *([OPENAI_KEY_VAR] if preset.openai_key or not chosen else [])]
        key = _env(env, *names)
        if key is not None:
            added["api_key"] = key
    for setting, variables, default in (
        ("model", preset.model_vars, preset.model),
        ("api_version", preset.version_vars, preset.api_version),
    ):
        value = _env(env, *variables) or ((default, label) if default else None)
        if setting not in layers and value is not None:
            added[setting] = value
    if "stream" not in layers and preset.local:
        # A local server always streams: a reply caught in a loop is stopped as soon as it shows.
        added["stream"] = (True, label)
    if "jobs" not in layers and preset.jobs is not None:
        added["jobs"] = (preset.jobs, label)
    return added


def load_settings(
    flags: Mapping[str, Any],
    *,
    env: Mapping[str, str],
    cwd: Path,
    config_path: Path | None = None,
    terminal: bool = False,
) -> Settings:
    """Merge the layers, fill in the defaults that depend on them, and validate. `flags` maps
    option names to values (None = not given); `terminal`: the report would go to a terminal."""
    layers: dict[str, tuple[Any, str]] = {}

    def put(key: str, value: Any, source: str) -> None:
        if key in EXTEND_KEYS and key in layers:
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

    layers.update(_provider_defaults(layers, env))
    if "stream" not in layers:
        # Live progress is for a person watching a terminal; pipes and files get none.
        text = layers.get("format", ("text", ""))[0] == "text"
        watching = terminal and text and layers.get("output", (None, ""))[0] is None
        layers["stream"] = (watching, "the default")
    if "timeout" not in layers:
        # pre-commit sets PRE_COMMIT=1 for the hooks it runs.
        limit = HOOK_TIMEOUT if env.get("PRE_COMMIT") else RUN_TIMEOUT
        layers["timeout"] = (limit, "the default")
    try:
        return Settings.model_validate({key: value for key, (value, _) in layers.items()})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "?"
        source = layers.get(key, (None, "settings"))[1]
        # Inside a table of a list (rules[2].severty): the whole place, 1-based as people count.
        where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in error["loc"][1:])
        if error["type"] == "extra_forbidden":
            table, _, name = where.rpartition(".")
            raise UsageError(f"unknown key '{name}' in {key}{table} (from {source})") from None
        raise UsageError(f"bad value for {key}{where} (from {source}): {error['msg']}") from None


def model_options(settings: Settings) -> ModelOptions:
    """What the model layer is given of the settings: the one place it is built."""
    from reviewer.model.options import ModelOptions
    from reviewer.model.providers import PARAMETERS, custom_presets, find_preset

    preset = find_preset(settings.provider, custom_presets(settings.providers))
    return ModelOptions(
        preset=preset,
        model=settings.model,
        # Named by someone (a flag, a variable, the config, the preset), not the built-in default.
        model_named="model" in settings.model_fields_set,
        base_url=settings.base_url,
        api_version=settings.api_version,
        api_key=settings.api_key.get_secret_value() if settings.api_key is not None else None,
        sampling={key: getattr(settings, key) for key in PARAMETERS},
        stream=settings.stream,
        timeout=settings.request_timeout,
        max_retries=settings.max_retries,
        cache_dir=settings.cache_dir,
        reply_tokens=preset.reply_tokens(settings.model),
        jobs=settings.jobs,
    )
