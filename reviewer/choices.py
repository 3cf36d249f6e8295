"""The value sets of the choice options, kept apart so the command line can name them without
importing the settings model (pydantic) before a run needs it."""

from __future__ import annotations

from typing import Literal

OutputFormat = Literal["text", "json"]
FailOn = Literal["critical", "high", "medium", "low", "never"]
