"""The values of the public contract (../shared/CONTRACT.md) that code and tools match on, in one
place: severities, categories, the choices of options, why a file is skipped, why a finding is
dropped, and the exit codes. Plain typing only, so the command line can name them without
importing pydantic before a run needs it."""

from __future__ import annotations

from typing import Literal, get_args

Severity = Literal["critical", "high", "medium", "low"]
Category = Literal["bug", "security", "performance", "maintainability", "style", "docs", "test"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)  # most severe first
CATEGORIES: tuple[Category, ...] = get_args(Category)
SEVERITY_RANK: dict[str, int] = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}

OutputFormat = Literal["text", "json", "sarif", "github", "markdown", "gitlab"]
FailOn = Literal["critical", "high", "medium", "low", "never"]
# reviewdog's filter modes: which findings in a changed file are reported.
FilterMode = Literal["added", "diff_context", "file", "nofilter"]
# What a provider failure does: exit 3, or warn and exit 0 (so an outage never blocks a commit).
OnProviderError = Literal["fail", "warn"]

# `skipped[].reason` in the JSON output: short fixed phrases that tools can match on; the
# `detail` beside each says what a person needs to act on it.
SkipReason = Literal[
    "excluded",  # matches an exclude pattern
    "secret file",  # a file that is a secret by nature (.env, keys): never sent
    "deleted",
    "binary",
    "submodule",
    "symlink",
    "unmerged",
    "no lines changed",  # a rename or a mode change only
    "not UTF-8 text",
    "empty",
    "too large",  # over max_file_bytes, or a part over the request budget
    "unresolved conflict markers",
    "cannot read",
    "outside the repository",  # a link on its path leads out of the tree under review
    "provider failed",  # `failed[]`: the provider failed on it after retries
    "timed out",  # `failed[]`: not finished within the run's time limit (`timeout`)
    "over max_cost",  # `failed[]`: not sent, the run's spending cap (`max_cost`) reached
]

# A file named on the command line and skipped for one of these was not reviewed and cannot be:
# the run fails (exit 1), as ruff fails on a file it cannot read, instead of passing unreviewed.
UNREVIEWABLE: tuple[SkipReason, ...] = (
    "binary", "too large", "not UTF-8 text", "cannot read", "unresolved conflict markers",
    "symlink", "outside the repository",
)  # fmt: skip

# `dropped` in the JSON output: findings removed before anyone saw them, counted by reason.
DropReason = Literal[
    "parroted",  # the prompt's example copied back, not a finding about this code
    "ungrounded",  # its quote is not in the code
    "line outside the file",
    "line outside the reviewed part",
    "duplicate",  # the same problem found twice
    "outside the change",  # left out by the filter mode
    "category not reported",
    "self-check",  # rejected by the verifier
    "below min_severity",
    "over max_findings",
]
Dropped = dict[DropReason, int]

# Why a finding's fix is not offered (the finding itself stays).
FixDropReason = Literal[
    "quote not exact",  # its quote is not the finding's lines exactly: where would it go?
    "changes nothing",
    "does not parse",  # the fixed file no longer parses where it did
    "touches a redacted secret",  # applying it would write the placeholder into the file
    "not plain text",  # it brings control, escape or bidi characters (trust/fixes.py NOT_TEXT)
    "too large",  # far larger than the lines it replaces: a payload, not a fix
]
FixesDropped = dict[FixDropReason, int]

EXIT_OK = 0
EXIT_FINDINGS = 1  # findings at or above --fail-on, or a score below --min-score
EXIT_USAGE = 2
EXIT_PROVIDER = 3
EXIT_INTERNAL = 4  # a bug in reviewer: never mistaken for findings (1) or a clean run (0)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report 128 + SIGINT
