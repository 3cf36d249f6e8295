"""The command line: parse, run the pipeline, render, exit. Thin on purpose."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from reviewer import __version__
from reviewer.cli_help import CI, OUTPUT, RUN, WHAT, PanelledCommand
from reviewer.cli_options import (
    BaseUrlOption,
    ConfigOption,
    FailOnOption,
    FormatOption,
    JobsOption,
    LanguageOption,
    MaxTokensOption,
    MinScoreOption,
    ModelOption,
    NoCacheOption,
    OnProviderErrorOption,
    OutputOption,
    ProviderOption,
    SeedOption,
    SelfCheckOption,
    StreamOption,
    TemperatureOption,
    TimeoutOption,
    TopPOption,
    TrustRepoConfigOption,
)
from reviewer.cli_run import ConfigChoice, Given, Tools, run
from reviewer.contract import (
    EXIT_OK,
    FilterMode,
)
from reviewer.guard import guarded

EPILOG = (
    "Exit codes: 0 review passed; 1 findings at or above --fail-on, a score below "
    "--min-score, or a named file that could not be reviewed (stderr says which); 2 usage or "
    "configuration error; 3 the model provider failed; 4 internal error; 130 interrupted."
    "\n\nAlso: reviewer eval CORPUS scores a model on a labelled corpus (reviewer eval --help)."
)

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,  # plain help, wrapped to the terminal; panels from cli_help
    # Pretty tracebacks print local variables, and a local may be the API key.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reviewer {__version__}")
        raise typer.Exit(EXIT_OK)


@app.command(epilog=EPILOG, cls=PanelledCommand)
def command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files and folders to review whole (- reads standard input); with --staged "
            "or --diff, the paths to limit it to.",
            show_default=False,
            metavar="[PATH]...",
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Review the staged change (the index against HEAD).",
            rich_help_panel=WHAT,
        ),
    ] = False,
    diff: Annotated[
        str | None,
        typer.Option(
            "--diff",
            metavar="REV",
            help="Review the change from REV to the work tree; A..B between two commits; "
            "A...B from their merge base to B.",
            show_default=False,
            rich_help_panel=WHAT,
        ),
    ] = None,
    pre_push: Annotated[
        bool,
        typer.Option(
            "--pre-push",
            help="Review PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF (pre-commit's pre-push stage).",
            rich_help_panel=WHAT,
        ),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="The path the code read from standard input (-) is reviewed as.",
            show_default=False,
            rich_help_panel=WHAT,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip files matching this gitignore-style pattern (repeatable; adds to the "
            "config's exclude list and the defaults).",
            show_default=False,
            rich_help_panel=WHAT,
        ),
    ] = None,
    filter_mode: Annotated[
        FilterMode | None,
        typer.Option(
            "--filter-mode",
            help="In diff modes, report findings on added lines, anywhere in the diff's "
            "context, or anywhere in a changed file (default added).",
            show_default=False,
            rich_help_panel=WHAT,
        ),
    ] = None,
    provider: ProviderOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    temperature: TemperatureOption = None,
    max_tokens: MaxTokensOption = None,
    top_p: TopPOption = None,
    seed: SeedOption = None,
    stream: StreamOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    min_score: MinScoreOption = None,
    self_check: SelfCheckOption = None,
    language: LanguageOption = None,
    post: Annotated[
        bool | None,
        typer.Option(
            "--post",
            help="In GitHub Actions or a GitLab merge-request pipeline: post the review to the "
            "pull or merge request.",
            show_default=False,
            rich_help_panel=CI,
        ),
    ] = None,
    full: Annotated[
        bool | None,
        typer.Option(
            "--full",
            help="With --post: review the whole pull or merge request, not only the commits "
            "since the last review.",
            show_default=False,
            rich_help_panel=CI,
        ),
    ] = None,
    sarif_file: Annotated[
        Path | None,
        typer.Option(
            "--sarif-file",
            metavar="FILE",
            help="Also write SARIF to FILE.",
            show_default=False,
            rich_help_panel=CI,
        ),
    ] = None,
    codequality_file: Annotated[
        Path | None,
        typer.Option(
            "--codequality-file",
            metavar="FILE",
            help="Also write a GitLab Code Quality report to FILE.",
            show_default=False,
            rich_help_panel=CI,
        ),
    ] = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    on_provider_error: OnProviderErrorOption = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="I/N",
            help="Review only the I-th of N stable parts of the selection, for a CI matrix "
            "(GitLab's parallel: gives it by default); reviewer merge joins the reports.",
            show_default=False,
            rich_help_panel=CI,
        ),
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            metavar="USD",
            help="The most this run may spend at list price: over the estimate, nothing is "
            "sent (exit 2); reached, sending stops and what was not reviewed is listed.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None,
    fix: Annotated[
        bool | None,
        typer.Option(
            "--fix",
            help="Apply the findings' fixes to the files in the work tree where they still "
            "apply cleanly, as ruff --fix does.",
            show_default=False,
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print the prompts and a token estimate; send nothing.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    config: ConfigOption = None,
    trust_repo_config: TrustRepoConfigOption = False,
    list_providers: Annotated[
        bool, typer.Option("--list-providers", help="List the provider presets and exit.")
    ] = False,
    check_provider: Annotated[
        bool,
        typer.Option(
            "--check-provider",
            help="Send one tiny review: reachability, model, working format, latency.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Review code with a model behind any OpenAI-compatible API."""
    flags: dict[str, Any] = {
        "provider": provider,
        "model": model,
        "base_url": base_url,
        "temperature": temperature,
        "max_tokens": max_tokens,
        "top_p": top_p,
        "seed": seed,
        "stream": stream,
        "format": output_format,
        "output": output,
        "fail_on": fail_on,
        "min_score": min_score,
        "self_check": self_check,
        "language": language,
        "dry_run": True if dry_run else None,
        "exclude": exclude or None,
        "filter_mode": filter_mode,
        "on_provider_error": on_provider_error,
        "timeout": timeout,
        "post": post,
        "full": full,
        "fix": fix,
        "max_cost": max_cost,
        "shard": shard,
        "jobs": jobs,
        "cache": False if no_cache else None,
        "sarif_file": sarif_file,
        "codequality_file": codequality_file,
    }
    if output is not None and str(output) == "-":
        flags["output"] = None  # `-o -`: standard output, as ruff and most tools read it
    tools = Tools(list_providers, check_provider)
    given = Given(files or [], stdin_filename)
    chosen = ConfigChoice(config, trust_repo_config)
    guarded(lambda: run(given, (staged, diff, pre_push), flags, chosen, tools))


def main() -> None:
    # pydantic looks for plugins through importlib.metadata (about 25 ms of every start); a
    # command-line tool has none to find.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:2] == ["merge"]:
        from reviewer.cli_merge import merge_app

        merge_app(args=sys.argv[2:], prog_name="reviewer merge")
        return
    if sys.argv[1:2] == ["eval"]:
        # A subcommand beside a command that takes files: `reviewer ./eval` reviews a file.
        from reviewer.cli_eval import eval_app

        eval_app(args=sys.argv[2:], prog_name="reviewer eval")
        return
    app(prog_name="reviewer")
