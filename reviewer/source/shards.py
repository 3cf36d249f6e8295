"""`--shard I/N`: the I-th of N parts of a selection, for a CI matrix. Every shard job computes
the same split from the same selection, so the parts are disjoint and together are the whole;
they are balanced by size (the largest files first, each to the lightest part). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reviewer.errors import UsageError

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as CI systems number their parallel jobs
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    match = _SHARD.fullmatch(text)
    if match is None:
        raise UsageError(f"--shard {text}: write it I/N, e.g. --shard 2/8 (the 2nd of 8 parts)")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise UsageError(f"--shard {text}: I runs from 1 to N ({count})")
    return Shard(index, count)


def ci_shard(env: Mapping[str, str]) -> Shard | None:
    """GitLab's `parallel:` jobs (CI_NODE_INDEX of CI_NODE_TOTAL), when there are several."""
    if env.get("GITLAB_CI") != "true":
        return None
    index, total = env.get("CI_NODE_INDEX", ""), env.get("CI_NODE_TOTAL", "")
    if not (index.isdigit() and total.isdigit()) or int(total) < 2:
        return None
    return parse_shard(f"{index}/{total}")


def split(sizes: Mapping[str, int], count: int) -> dict[str, int]:
    """Each path's part, 1 to `count`: the largest first, each to the part with the least so
    far (the lowest-numbered of equals), ties between paths broken by name."""
    loads = [0] * count
    parts: dict[str, int] = {}
    for path in sorted(sizes, key=lambda p: (-sizes[p], p)):
        lightest = min(range(count), key=lambda n: (loads[n], n))
        loads[lightest] += max(1, sizes[path])
        parts[path] = lightest + 1
    return parts


def in_shard(sizes: Mapping[str, int], shard: Shard) -> set[str]:
    return {path for path, part in split(sizes, shard.count).items() if part == shard.index}


def sizes_of(items: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Each path's total size over its units (a file split into parts stays whole)."""
    totals: dict[str, int] = {}
    for path, size in items:
        totals[path] = totals.get(path, 0) + size
    return totals
