"""Settings: built-in defaults < config file < environment < command line (the contract's order).

Every value remembers where it came from, so that a bad one is reported by its source
(`REVIEWER_TEMPERATURE`, `--fail-on`, `pyproject.toml [tool.reviewer]`), not as a bare
validation error.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from reviewer.configfile import ConfigFile
from reviewer.contract import Category, FailOn, FilterMode, OnProviderError, OutputFormat, Severity
from reviewer.errors import UsageError
from reviewer.model.layer import first_set, preset_layer
from reviewer.rules import PathRule

if TYPE_CHECKING:
    from reviewer.model.options import ModelOptions

DEFAULT_MODEL = "gpt-4.1-mini"
# The run's default time limit: a commit waits on a hook, so it gets less; CI and the terminal
# more (a large review at a slow provider), but never unbounded.
HOOK_TIMEOUT = 180.0
RUN_TIMEOUT = 1200.0


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
# Keys that are also command-line options (for the way a warning says to set them).
FLAG_KEYS: frozenset[str] = frozenset(
    {"provider", "model", "base_url", "temperature", "max_tokens", "top_p", "seed", "stream",
     "format", "output", "fail_on", "min_score", "self_check", "language", "exclude",
     "filter_mode", "on_provider_error", "timeout", "post", "full", "fix", "max_cost", "shard",
     "jobs", "sarif_file", "codequality_file", "dry_run"}
)  # fmt: skip


def _check_keys(keys: Any, where: str) -> None:
    for key in keys:
        if key not in FILE_KEYS:
            close = difflib.get_close_matches(str(key).replace("-", "_"), sorted(FILE_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"unknown key '{key}' in {where}{hint}")


def _allowed(
    config: ConfigFile, cwd: Path, env: Mapping[str, str], warnings: list[str]
) -> dict[str, Any]:
    """A config file's values as settings: paths made absolute against its folder; for the
    repository's, only what it may set, and paths that stay inside it."""
    from reviewer.configfile import in_ci, operator_hint
    from reviewer.trust.boundary import Refusal, screen

    values, refused = (dict(config.values), []) if config.trusted else screen(config.values)
    for key in [key for key in PATH_KEYS if isinstance(values.get(key), str)]:
        values[key] = config.path.parent / values[key]
    named = values.get("instructions_file")
    if isinstance(named, Path) and not config.trusted:
        why = _unsendable(named, _root(config, cwd))
        if why is not None:
            del values["instructions_file"]
            refused.append(Refusal("instructions_file", f"{named} {why}"))
    for refusal in refused:
        key = refusal.key
        hint = operator_hint(key, from_env=key not in NOT_FROM_ENV, flag=key in FLAG_KEYS)
        mine = "" if in_ci(env) else ", or pass --trust-repo-config in a checkout of your own"
        warnings.append(
            f"{config.label}: {key} ignored: {refusal.why}; set it as the operator ({hint}){mine}"
        )
    return values


def _root(config: ConfigFile, cwd: Path) -> Path:
    """The repository a config file speaks for: the git work tree, else the file's folder."""
    from reviewer.source.files import repository_root

    return repository_root(cwd) or config.path.parent


def _unsendable(path: Path, root: Path) -> str | None:
    """Why the repository may not have this file read into the prompts, if it may not: a
    secret by its name, or a place outside the repository (`root`)."""
    from reviewer.source.confine import confined
    from reviewer.source.excludes import secret_file

    if secret_file(path) is not None:
        return "is a secret file by its name, never sent"
    if confined(path, root) is None:
        return "is outside the repository under review"
    return None


def _from_env(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    found: dict[str, tuple[Any, str]] = {}
    for key in sorted((FILE_KEYS - NOT_FROM_ENV) | {"api_key"}):
        hit = first_set(env, f"REVIEWER_{key.upper()}")
        if hit is not None:
            value, name = hit
            items = [item.strip() for item in value.split(",") if item.strip()]
            found[key] = (items if key in LIST_KEYS else value, name)
    return found


def load_settings(
    flags: Mapping[str, Any],
    *,
    env: Mapping[str, str],
    cwd: Path,
    config_path: Path | None = None,
    terminal: bool = False,
    trust_repo: bool = False,
    warnings: list[str] | None = None,
) -> Settings:
    """Merge the layers, fill in the defaults that depend on them, and validate. `flags` maps
    option names to values (None = not given); `terminal`: the report would go to a terminal;
    `trust_repo`: --trust-repo-config. What the repository's config may not set is ignored,
    with a line for `warnings` (see trust/boundary.py)."""
    layers: dict[str, tuple[Any, str]] = {}
    warnings = [] if warnings is None else warnings

    def put(key: str, value: Any, source: str) -> None:
        if key in EXTEND_KEYS and key in layers:
            below, _ = layers[key]
            if isinstance(below, list) and isinstance(value, list):
                value = [*below, *value]
        layers[key] = (value, source)

    from reviewer.configfile import config_files

    for config in config_files(config_path, cwd, env, trust_repo=trust_repo):
        _check_keys(config.values, config.label)
        for key, value in _allowed(config, cwd, env, warnings).items():
            put(key, value, config.label)

    for key, (value, source) in _from_env(env).items():
        put(key, value, source)

    for key, value in flags.items():
        if key not in Settings.model_fields:
            raise ValueError(f"unknown flag field {key}")  # a programming error, not user input
        if value is not None:
            put(key, value, "--" + key.replace("_", "-"))

    layers.update(preset_layer(layers, env))
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
