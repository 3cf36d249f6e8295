"""The trust boundary for configuration: what the repository under review may set.

The repository (its `.reviewer.toml`, `[tool.reviewer]`, or a `--config` file inside it) is
untrusted input: a fork's pull request writes it. It may shape the review and nothing else.
Where requests go and the credentials they carry, which templates render, where files are
written, what the run costs and what it sends are the operator's: flags, environment, CI inputs,
the user-level config file, a `--config` file outside the repository. Everything not allowed
here is the operator's, so a key added later is safe until someone allows it. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What the repository may set: the review's shape. Sizes are bounded by LIMITS.
REPOSITORY_KEYS: frozenset[str] = frozenset(
    {
        "instructions", "instructions_file", "rules", "exclude", "default_excludes",
        "min_severity", "categories", "exclude_categories", "max_findings", "keep_ungrounded",
        "language", "nitpicks", "filter_mode", "fail_on", "min_score", "on_provider_error",
        "self_check",
        "pack_tokens", "request_tokens", "max_file_bytes", "folder_max_requests",
        "context_lines",
    }
)  # fmt: skip

# The most a repository may ask for: it may make requests smaller, never larger than the
# defaults (the operator pays). Inclusive.
LIMITS: dict[str, int] = {
    "pack_tokens": 24_000,
    "request_tokens": 24_000,
    "max_file_bytes": 1_000_000,
    "folder_max_requests": 200,
    "context_lines": 200,
}

# Why a key is the operator's, as the warning says it.
_WHERE = "where requests go and the credentials they carry"
_WRITES = "where files are written"
_REASONS: dict[str, str] = {
    "provider": _WHERE, "providers": _WHERE, "base_url": _WHERE, "api_version": _WHERE,
    "model": "which model is paid for",
    "prompts_dir": "which templates are rendered",
    "output": _WRITES, "sarif_file": _WRITES, "codequality_file": _WRITES, "cache_dir": _WRITES,
    "fix": "whether files are rewritten", "post": "what is posted",
    "redact_secrets": "what is sent to the provider",
    "notify_on": "who is notified", "notify_mentions": "who is notified",
}  # fmt: skip
_COST = "what the run costs and how it runs"


@dataclass(frozen=True)
class Refusal:
    """A repository key the review ignores, and why."""

    key: str
    why: str


def reason(key: str) -> str:
    return _REASONS.get(key, _COST)


def screen(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Refusal]]:
    """The repository's values it may set, and a refusal for each other one."""
    kept: dict[str, Any] = {}
    refused: list[Refusal] = []
    for key, value in values.items():
        if key not in REPOSITORY_KEYS:
            why = f"the repository under review may not choose {reason(key)}"
            refused.append(Refusal(key, why))
            continue
        limit = LIMITS.get(key)
        if limit is not None and _over(value, limit):
            refused.append(Refusal(key, f"the repository under review may set it up to {limit:,}"))
            continue
        kept[key] = value
    return kept, refused


def _over(value: Any, limit: int) -> bool:
    # Not a number: left to the settings' own validation, which names the key and its file.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit
