"""Rules by path (`[[rules]]` in `.reviewer.toml`, `[[tool.reviewer.rules]]` in pyproject.toml):
a team's standards for some of its files. Each rule names gitignore-style `paths` and any of
`instructions`, `min_severity`, `categories`, `exclude_categories` and `nitpicks`; the rules
matching a file apply in order (instructions add up, the other keys the last rule that sets them
wins) over the project's own settings, to that file's prompt and its noise controls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from reviewer.contract import Category, Severity
from reviewer.source.unit import Unit
from reviewer.trust.noise import NoiseRules

NITPICKS_ON = "Report style, naming, documentation and test problems in this file too, as low."
NITPICKS_OFF = "Do not report style, naming, documentation or test problems in this file."


class PathRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    paths: list[str] = Field(min_length=1)
    instructions: str | None = None
    min_severity: Severity | None = None
    categories: list[Category] | None = None
    exclude_categories: list[Category] | None = None
    nitpicks: bool | None = None

    # Compiled once, at the first match: a rule meets every file of the run.
    _spec: Any = PrivateAttr(default=None)

    def matches(self, path: str) -> bool:
        if self._spec is None:
            import pathspec  # deferred: only a config with rules loads it

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.paths)
        return bool(self._spec.match_file(path))


@dataclass(frozen=True)
class Applied:
    """What the rules make of one file: which applied (for the dry run), what its prompt adds,
    and its noise controls."""

    names: tuple[str, ...]
    guidance: str
    noise: NoiseRules


def applied(path: str, rules: Sequence[PathRule], base: NoiseRules, nitpicks: bool) -> Applied:
    """The rules matching `path`, merged in order over the project's `base` and `nitpicks`."""
    names: list[str] = []
    notes: list[str] = []
    noise, picky = base, nitpicks
    for number, rule in enumerate(rules, 1):
        if not rule.matches(path):
            continue
        names.append(f"{number}: {', '.join(rule.paths)}")
        if rule.instructions and rule.instructions.strip():
            notes.append(rule.instructions.strip())
        if rule.min_severity is not None:
            noise = replace(noise, min_severity=rule.min_severity)
        if rule.categories is not None:
            noise = replace(noise, categories=tuple(rule.categories))
        if rule.exclude_categories is not None:
            noise = replace(noise, exclude_categories=tuple(rule.exclude_categories))
        if rule.nitpicks is not None:
            picky = rule.nitpicks
    if picky != nitpicks:
        notes.append(NITPICKS_ON if picky else NITPICKS_OFF)
    return Applied(tuple(names), "\n\n".join(notes), noise)


def with_rules(
    units: Sequence[Unit], rules: Sequence[PathRule], base: NoiseRules, nitpicks: bool
) -> tuple[list[Unit], dict[str, Applied]]:
    """The units with their files' guidance, and what the rules make of each file."""
    if not rules:
        return list(units), {}
    found = {path: applied(path, rules, base, nitpicks) for path in {u.path for u in units}}
    return [replace(u, guidance=found[u.path].guidance) for u in units], found
