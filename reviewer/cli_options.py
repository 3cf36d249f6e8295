"""The options `reviewer` and `reviewer eval` share, declared once: a review's model options
mean the same in an evaluation, with the same help."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewer.cli_help import MODEL, OUTPUT, RUN
from reviewer.contract import FailOn, OnProviderError, OutputFormat

ProviderOption = Annotated[
    str | None,
    typer.Option(
        "--provider",
        metavar="NAME",
        help="Provider preset: its base URL, key variable, model and quirks "
        "(see --list-providers).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        metavar="MODEL",
        help="Model name.",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        metavar="URL",
        help="OpenAI-compatible API base URL.",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

TemperatureOption = Annotated[
    float | None,
    typer.Option(
        "--temperature",
        metavar="T",
        help="Sampling temperature (default 0.2).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

MaxTokensOption = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        metavar="N",
        help="Cap on the tokens of each reply (default: sized to each request, 1024 to 4096; "
        "16384 for reasoning models).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

TopPOption = Annotated[
    float | None,
    typer.Option(
        "--top-p", metavar="P", help="Nucleus sampling.", show_default=False, rich_help_panel=MODEL
    ),
]

SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        metavar="N",
        help="Seed, for providers that sample by one.",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

StreamOption = Annotated[
    bool | None,
    typer.Option(
        "--stream/--no-stream",
        help="Stream replies, with live progress (default: on when the text report goes "
        "to a terminal).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default text).",
        show_default=False,
        rich_help_panel=OUTPUT,
    ),
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 on findings this severe or worse (default high).",
        show_default=False,
        rich_help_panel=OUTPUT,
    ),
]
MinScoreOption = Annotated[
    int | None,
    typer.Option(
        "--min-score",
        metavar="N",
        help="Exit 1 when the score is below N (1-10).",
        show_default=False,
        rich_help_panel=OUTPUT,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (- for standard output).",
        show_default=False,
        rich_help_panel=OUTPUT,
    ),
]

SelfCheckOption = Annotated[
    bool | None,
    typer.Option(
        "--self-check/--no-self-check",
        help="Verify each finding in a second request (default off).",
        show_default=False,
        rich_help_panel=MODEL,
    ),
]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Requests in flight at once (default 8).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Neither read nor keep replies in the cache.", rich_help_panel=RUN
    ),
]

TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Time limit for the whole run (0: none; default 1200, 180 in a pre-commit "
        "hook): what finished is reported, the rest listed as not reviewed.",
        show_default=False,
        rich_help_panel=RUN,
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
        rich_help_panel=OUTPUT,
    ),
]
OnProviderErrorOption = Annotated[
    OnProviderError | None,
    typer.Option(
        "--on-provider-error",
        help="When the provider fails: exit 3, or warn and exit 0 (default fail).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (default: nearest .reviewer.toml or pyproject.toml).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]

TrustRepoConfigOption = Annotated[
    bool,
    typer.Option(
        "--trust-repo-config",
        help="Trust the repository's own config whole (base_url, providers, prompts_dir, "
        "output paths...): for a checkout of your own, never CI. By default it may only "
        "shape the review.",
        rich_help_panel=RUN,
    ),
]
