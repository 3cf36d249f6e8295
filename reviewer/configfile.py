"""Config files, found and read, each marked as the operator's or the repository's.

The operator's: the user-level file in the platform's config folder, and a `--config` file
outside the repository under review. The repository's: the nearest `.reviewer.toml` or
`pyproject.toml [tool.reviewer]` up from the working folder, and a `--config` file inside the
repository (whoever names it, its content is the pull request's). See trust/boundary.py.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".reviewer.toml"
PYPROJECT = "pyproject.toml"
# In the user config folder (~/.config/reviewer on Linux, as uv and ruff keep theirs).
USER_FILES = ("reviewer.toml", "config.toml")
# Where CI runs, the checkout is a pull request's: its config is never trusted whole.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI")


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    values: dict[str, Any]
    # The operator's (every key), or the repository's (only what trust/boundary.py allows).
    trusted: bool = False

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


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("reviewer", appauthor=False))


def user_config_file() -> ConfigFile | None:
    """The operator's own settings for every run (provider, model, templates, caches)."""
    folder = user_config_dir()
    for name in USER_FILES:
        path = folder / name
        if path.is_file():
            return ConfigFile(path, _read_toml(path), trusted=True)
    return None


def in_ci(env: Mapping[str, str]) -> str | None:
    """The variable that says this runs in CI, if one does."""
    for name in CI_VARIABLES:
        if env.get(name, "").strip().lower() not in ("", "0", "false", "no"):
            return name
    return None


def _inside(path: Path, root: Path | None) -> bool:
    from reviewer.source.confine import confined

    return root is not None and confined(path, root) is not None


def project_config_file(
    explicit: Path | None, cwd: Path, root: Path | None, *, trust_repo: bool = False
) -> ConfigFile | None:
    """The explicit `--config` file, or the nearest one up from `cwd` (as ruff finds its own).
    `root`: the repository under review (None outside one); `trust_repo`: --trust-repo-config."""
    if explicit is not None:
        path = (cwd / explicit).resolve()
        if not path.is_file():
            raise UsageError(f"config file {explicit} does not exist")
        section = _section(path, _read_toml(path))
        return ConfigFile(path, section or {}, trust_repo or not _inside(path, root))
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        for name in (CONFIG_FILE, PYPROJECT):
            path = folder / name
            if path.is_file():
                section = _section(path, _read_toml(path))
                if section is not None:
                    return ConfigFile(path, section, trust_repo)
    return None


def config_files(
    explicit: Path | None, cwd: Path, env: Mapping[str, str], *, trust_repo: bool = False
) -> list[ConfigFile]:
    """The config files in effect, lowest first: the user's, then the project's."""
    from reviewer.source.files import repository_root

    if trust_repo and (variable := in_ci(env)):
        raise UsageError(
            f"--trust-repo-config is for your own checkout, never CI ({variable} is set): in CI "
            "the repository under review is untrusted; set what it may not as the operator "
            "(the job's flags or variables)"
        )
    found = [user_config_file(), project_config_file(
        explicit, cwd, repository_root(cwd), trust_repo=trust_repo)]  # fmt: skip
    return [config for config in found if config is not None]


def operator_hint(key: str, *, from_env: bool, flag: bool) -> str:
    """How the operator sets `key`, for a warning about a repository that tried."""
    ways = [f"--{key.replace('_', '-')}"] if flag else []
    if from_env:
        ways.append(f"REVIEWER_{key.upper()}")
    ways.append(str(user_config_dir() / USER_FILES[0]))
    return " or ".join(ways)
