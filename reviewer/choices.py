"""The value sets of the choice options, kept apart so the command line can name them without
importing the settings model (pydantic) before a run needs it."""

from __future__ import annotations

from typing import Literal

OutputFormat = Literal["text", "json", "sarif", "github", "markdown"]
FailOn = Literal["critical", "high", "medium", "low", "never"]
# reviewdog's filter modes: which findings in a changed file are reported.
FilterMode = Literal["added", "diff_context", "file", "nofilter"]
# What a provider failure does: exit 3, or warn and exit 0 (so an outage never blocks a commit).
OnProviderError = Literal["fail", "warn"]
