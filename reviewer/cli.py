"""The command line: parse, run the pipeline, render, exit. Thin on purpose."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from reviewer import __version__
from reviewer.cli_options import (
    BaseUrlOption,
    ConfigOption,
    JobsOption,
    LanguageOption,
    MaxTokensOption,
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
)
from reviewer.contract import (
    EXIT_OK,
    EXIT_PROVIDER,
    FailOn,
    FilterMode,
    OutputFormat,
)
from reviewer.errors import NothingToDo, UsageError
from reviewer.guard import guarded
from reviewer.i18n import speaking
from reviewer.terminal import Activity, provider_failed, say, use_color, write_report

# Set by pre-commit for hooks in its pre-push stage.
PUSH_FROM, PUSH_TO = "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"

EPILOG = (
    "Exit codes: 0 review passed; 1 findings at or above --fail-on, or score below --min-score; "
    "2 usage or configuration error; 3 the model provider failed; 4 internal error; "
    "130 interrupted."
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


def _diff_range(staged: bool, diff: str | None, pre_push: bool) -> str | None:
    """The --diff range, with --pre-push read from the variables pre-commit sets for it."""
    if sum((staged, diff is not None, pre_push)) > 1:
        raise UsageError("use one of --staged, --diff and --pre-push")
    if not pre_push:
        return diff
    old, new = os.environ.get(PUSH_FROM, ""), os.environ.get(PUSH_TO, "")
    if old and new:
        return f"{old}..{new}"
    if os.environ.get("PRE_COMMIT"):
        # pre-commit gives no range when the pushed commits have no remote history to compare
        # with (a first push): do not block it for want of a base.
        raise NothingToDo("pre-commit gave no range to review (a first push?); nothing reviewed")
    raise UsageError(
        f"--pre-push reviews {PUSH_FROM}..{PUSH_TO}, which pre-commit sets in its pre-push "
        "stage; outside pre-commit, use --diff A..B"
    )


@dataclass(frozen=True)
class Tools:
    """Commands that report on the setup instead of reviewing."""

    list_providers: bool = False
    check_provider: bool = False


def _run(
    files: list[Path],
    modes: tuple[bool, str | None, bool],
    flags: dict[str, Any],
    config: Path | None,
    tools: Tools,
) -> int:
    # Deferred so that --version and --help do not build the settings model.
    from reviewer.config import load_settings, model_options
    from reviewer.render import render, render_plan
    from reviewer.source.select import Selection

    cwd = Path.cwd()
    settings = load_settings(
        flags, env=os.environ, cwd=cwd, config_path=config, terminal=sys.stdout.isatty()
    )
    if tools.list_providers:
        from reviewer.model.providers import PRESETS, custom_presets
        from reviewer.render.providers import render_providers

        custom = custom_presets(settings.providers)
        typer.echo(render_providers([*PRESETS.values(), *custom.values()]), nl=False)
        return EXIT_OK
    if tools.check_provider:
        from reviewer.model.check import check_provider
        from reviewer.render.providers import render_check

        report = check_provider(model_options(settings))
        typer.echo(render_check(report), nl=False)
        return EXIT_OK if report.problem is None else EXIT_PROVIDER
    from reviewer.platforms.detect import detect

    # Before anything is sent: --post where it cannot work is a usage error, and a CI's token
    # is masked before anything could echo it.
    platform = detect(os.environ, settings.post and not settings.dry_run, sys.stdout)
    chats = []
    if os.environ.get("REVIEWER_NOTIFY", "").strip():  # the chat modules only when asked for
        from reviewer.platforms.chat.send import targets

        chats = targets(os.environ)  # a webhook of unknown kind is a usage error, before any cost
    staged, diff, pre_push = modes
    diff = _diff_range(staged, diff, pre_push)
    if platform is not None and not (files or staged or diff):
        diff = platform.default_diff()  # a merge-request pipeline reviews its merge request
    hint = platform.fetch_hint if platform is not None else None
    selection = Selection(tuple(files), staged, diff, hint)
    if settings.dry_run:
        from reviewer.review import plan

        write_report(
            render_plan(plan(settings, selection, cwd), settings.format),
            settings.output,
            sys.stdout,
        )
        return EXIT_OK

    from reviewer.render.text import failure_line
    from reviewer.result import exit_code
    from reviewer.review import review

    activity = Activity.on(sys.stderr)
    try:
        result = review(settings, selection, cwd, watcher=activity)
    finally:
        activity.close()
    for warning in result.warnings:
        say("warning", warning)
    color = settings.output is None and use_color(sys.stdout, os.environ)
    link = platform.link if platform is not None else None
    extras: dict[OutputFormat, Path | None] = {
        "sarif": settings.sarif_file,
        "gitlab": settings.codequality_file,
    }
    # What people read is in their language; machine formats never change with it.
    with speaking(settings.language):
        # Every report lists the files that failed, so it is written even when all did: it
        # never looks clean. Nothing is posted for a run that reviewed nothing.
        text = render(result, settings.format, color=color, link=link)
        write_report(text, settings.output, sys.stdout)
        for kind, extra in extras.items():
            if extra is not None:
                write_report(render(result, kind, color=False), extra, sys.stdout)
        if platform is not None:
            delivered = platform.deliver(result, post=settings.post, sarif_file=settings.sarif_file)
            for warning in delivered:
                say("warning", warning)
    code = exit_code(result, settings.fail_on, settings.min_score)
    if chats:
        from reviewer.platforms.chat.send import announce
        from reviewer.platforms.detect import Where

        where = platform.where() if platform is not None else Where()
        with speaking(settings.language):
            for warning in announce(
                result, where, link, gate_failed=code != EXIT_OK or bool(result.failed),
                notify_on=settings.notify_on, mentions=settings.notify_mentions,
                env=os.environ, goals=chats,
            ):  # fmt: skip
                say("warning", warning)
    if result.failed:
        return provider_failed(
            failure_line(result, settings.output), settings.on_provider_error, code
        )
    return code


@app.command(epilog=EPILOG)
def command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files to review whole; with --staged or --diff, the paths to limit it to.",
            show_default=False,
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option("--staged", help="Review the staged change (the index against HEAD)."),
    ] = False,
    diff: Annotated[
        str | None,
        typer.Option(
            "--diff",
            metavar="REV",
            help="Review the change from REV to the work tree; A..B between two commits; "
            "A...B from their merge base to B.",
            show_default=False,
        ),
    ] = None,
    pre_push: Annotated[
        bool,
        typer.Option(
            "--pre-push",
            help="Review PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF (pre-commit's pre-push stage).",
        ),
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip files matching this gitignore-style pattern (repeatable; adds to the "
            "config's exclude list and the defaults).",
            show_default=False,
        ),
    ] = None,
    filter_mode: Annotated[
        FilterMode | None,
        typer.Option(
            "--filter-mode",
            help="In diff modes, report findings on added lines, anywhere in the diff's "
            "context, or anywhere in a changed file (default added).",
            show_default=False,
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
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format (default text).", show_default=False),
    ] = None,
    output: OutputOption = None,
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
    self_check: SelfCheckOption = None,
    language: LanguageOption = None,
    post: Annotated[
        bool | None,
        typer.Option(
            "--post",
            help="In GitHub Actions or a GitLab merge-request pipeline: post the review to the "
            "pull or merge request.",
            show_default=False,
        ),
    ] = None,
    sarif_file: Annotated[
        Path | None,
        typer.Option("--sarif-file", help="Also write SARIF to FILE.", show_default=False),
    ] = None,
    codequality_file: Annotated[
        Path | None,
        typer.Option(
            "--codequality-file",
            help="Also write a GitLab Code Quality report to FILE.",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    on_provider_error: OnProviderErrorOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the prompts and a token estimate; send nothing."),
    ] = False,
    config: ConfigOption = None,
    list_providers: Annotated[
        bool, typer.Option("--list-providers", help="List the provider presets and exit.")
    ] = False,
    check_provider: Annotated[
        bool,
        typer.Option(
            "--check-provider",
            help="Send one tiny request: reachability, model, working format, latency.",
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
        "jobs": jobs,
        "cache": False if no_cache else None,
        "sarif_file": sarif_file,
        "codequality_file": codequality_file,
    }
    tools = Tools(list_providers, check_provider)
    guarded(lambda: _run(files or [], (staged, diff, pre_push), flags, config, tools))


def main() -> None:
    # pydantic looks for plugins through importlib.metadata (about 25 ms of every start); a
    # command-line tool has none to find.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:2] == ["eval"]:
        # A subcommand beside a command that takes files: `reviewer ./eval` reviews a file.
        from reviewer.cli_eval import eval_app

        eval_app(args=sys.argv[2:], prog_name="reviewer eval")
        return
    app(prog_name="reviewer")
