"""Secrets out of the code before any of it is sent: each replaced by a placeholder on the same
line, so line numbers do not move (the detectors are in `secrets/`). Files that are secrets by
nature (.env, keys, key stores) are not sent at all: see SECRET_FILES.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from reviewer.result import Skipped
from reviewer.source.excludes import SECRET_FILES, Excludes, secret_file
from reviewer.source.unit import Unit
from reviewer.source.view import view_of
from reviewer.trust.secrets.scan import placeholder, redact_lines

__all__ = [
    "SECRET_FILES", "placeholder", "redact_lines", "redact_unit", "screen_secrets", "secret_file"
]  # fmt: skip


def redact_unit(unit: Unit, found: Counter[str]) -> Unit:
    """The unit with its secrets replaced, in the file's lines and in a diff's removed lines."""
    lines = tuple(redact_lines(unit.lines, found))
    if unit.change is None:
        return dataclasses.replace(unit, lines=lines)
    hunks = [
        dataclasses.replace(hunk, removed=tuple(redact_lines(hunk.removed, found)))
        for hunk in unit.change.hunks
    ]
    return dataclasses.replace(
        unit, lines=lines, change=view_of(lines, hunks, unit.change.context_lines)
    )


def screen_secrets(
    units: Sequence[Unit], *, redact: bool, found: Counter[str]
) -> tuple[list[Unit], list[Skipped]]:
    """Units fit to send: secret files left out, and (unless `redact` is off) the secrets in
    the rest replaced, counted in `found` by kind."""
    secret_files = Excludes(list(SECRET_FILES))
    kept: list[Unit] = []
    skipped: list[Skipped] = []
    for unit in units:
        pattern = secret_files.match(unit.path)
        if pattern is not None:
            skipped.append(Skipped(unit.path, "secret file", f"matches '{pattern}'; never sent"))
        else:
            kept.append(redact_unit(unit, found) if redact else unit)
    return kept, skipped
