"""The options `reviewer` and `reviewer eval` share, declared once: a review's model options
mean the same in an evaluation, with the same help."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewer.contract import OnProviderError

ProviderOption = Annotated[
    str | None,
    typer.Option(
        "--provider",
        help="Provider preset: its base URL, key variable, model and quirks "
        "(see --list-providers).",
        show_default=False,
    ),
]

ModelOption = Annotated[
    str | None, typer.Option("--model", "-m", help="Model name.", show_default=False)
]

BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible API base URL.", show_default=False),
]

TemperatureOption = Annotated[
    float | None,
    typer.Option("--temperature", help="Sampling temperature (default 0.2).", show_default=False),
]

MaxTokensOption = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        help="Cap on the tokens of each reply (default: sized to each request, 1024 to 4096; "
        "16384 for reasoning models).",
        show_default=False,
    ),
]

TopPOption = Annotated[
    float | None, typer.Option("--top-p", help="Nucleus sampling.", show_default=False)
]

SeedOption = Annotated[
    int | None,
    typer.Option("--seed", help="Seed, for providers that sample by one.", show_default=False),
]

StreamOption = Annotated[
    bool | None,
    typer.Option(
        "--stream/--no-stream",
        help="Stream replies, with live progress (default: on when the text report goes "
        "to a terminal).",
        show_default=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to FILE.", show_default=False),
]

SelfCheckOption = Annotated[
    bool | None,
    typer.Option(
        "--self-check/--no-self-check",
        help="Verify each finding in a second request (default off).",
        show_default=False,
    ),
]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", help="Requests in flight at once (default 8).", show_default=False
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Neither read nor keep replies in the cache."),
]

TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Time limit for the whole run (0: none; default 1200, 180 in a pre-commit "
        "hook): what finished is reported, the rest listed as not reviewed.",
        show_default=False,
    ),
]

LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        metavar="TAG",
        help="The language of the findings and of what is posted (BCP 47: zh-CN, en, ja; "
        "default en).",
        show_default=False,
    ),
]
OnProviderErrorOption = Annotated[
    OnProviderError | None,
    typer.Option(
        "--on-provider-error",
        help="When the provider fails: exit 3, or warn and exit 0 (default fail).",
        show_default=False,
    ),
]

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config file (default: nearest .reviewer.toml or pyproject.toml).",
        show_default=False,
    ),
]
