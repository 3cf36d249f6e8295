"""The command line: parse, run the pipeline, render, exit. Thin on purpose."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from reviewer import __version__
from reviewer.choices import FailOn, OutputFormat
from reviewer.errors import EXIT_OK, ReviewerError, UsageError
from reviewer.terminal import use_color, write_report

EPILOG = (
    "Exit codes: 0 review passed; 1 findings at or above --fail-on, or score below --min-score; "
    "2 usage or configuration error; 3 the model provider failed."
)

app = typer.Typer(
    add_completion=False,
    # Pretty tracebacks print local variables, and a local may be the API key.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reviewer {__version__}")
        raise typer.Exit(EXIT_OK)


def _say(kind: str, message: str) -> None:
    from reviewer.render.text import Painter

    paint = Painter(use_color(sys.stderr, os.environ))
    # color= passes our decision on: echo would strip the codes off a terminal.
    typer.echo(f"{paint(kind, kind)}: {message}", err=True, color=paint.color)


def _run(files: list[Path], flags: dict[str, Any], config: Path | None) -> int:
    # Deferred so that --version and --help do not build the settings model.
    from reviewer.config import load_settings
    from reviewer.render import render, render_plan

    cwd = Path.cwd()
    settings = load_settings(flags, env=os.environ, cwd=cwd, config_path=config)
    if not files:
        raise UsageError("no files to review: name at least one (reviewer FILE...)")
    if settings.dry_run:
        from reviewer.review import plan

        write_report(
            render_plan(plan(settings, files, cwd), settings.format), settings.output, sys.stdout
        )
        return EXIT_OK

    from reviewer.result import exit_code
    from reviewer.review import review

    result = review(settings, files, cwd)
    for warning in result.warnings:
        _say("warning", warning)
    color = settings.output is None and use_color(sys.stdout, os.environ)
    write_report(render(result, settings.format, color=color), settings.output, sys.stdout)
    return exit_code(result, settings.fail_on, settings.min_score)


@app.command(epilog=EPILOG)
def command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Files to review, each whole.", show_default=False),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Model name.", show_default=False)
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="OpenAI-compatible API base URL.", show_default=False),
    ] = None,
    temperature: Annotated[
        float | None,
        typer.Option(
            "--temperature", help="Sampling temperature (default 0.2).", show_default=False
        ),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option("--max-tokens", help="Cap on the tokens of each reply.", show_default=False),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format (default text).", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to FILE.", show_default=False),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings this severe or worse (default high).",
            show_default=False,
        ),
    ] = None,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score", help="Exit 1 when the score is below N (1-10).", show_default=False
        ),
    ] = None,
    self_check: Annotated[
        bool | None,
        typer.Option(
            "--self-check/--no-self-check",
            help="Verify each finding in a second request (default off).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the prompts and a token estimate; send nothing."),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Config file (default: nearest .reviewer.toml or pyproject.toml).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Review code with a model behind any OpenAI-compatible API."""
    flags: dict[str, Any] = {
        "model": model,
        "base_url": base_url,
        "temperature": temperature,
        "max_tokens": max_tokens,
        "format": output_format,
        "output": output,
        "fail_on": fail_on,
        "min_score": min_score,
        "self_check": self_check,
        "dry_run": True if dry_run else None,
    }
    try:
        code = _run(files or [], flags, config)
    except ReviewerError as exc:
        _say("error", exc.message)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _say("error", "interrupted")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def main() -> None:
    app(prog_name="reviewer")
