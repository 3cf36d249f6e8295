"""`reviewer eval CORPUS`: the normal pipeline over a labelled corpus, scored. Thin, like cli.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from reviewer.cli_help import OUTPUT, PanelledCommand
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
    TemperatureOption,
    TimeoutOption,
    TopPOption,
    TrustRepoConfigOption,
)
from reviewer.cli_run import ConfigChoice, settings_for, watched_review, write_plan
from reviewer.contract import EXIT_OK
from reviewer.guard import guarded
from reviewer.terminal import provider_failed, write_report

eval_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _evaluate(corpus: Path, flags: dict[str, Any], config: ConfigChoice, fmt: str) -> int:
    from reviewer.evaluation import load_corpus, score
    from reviewer.render.evalreport import render_eval_json, render_eval_text
    from reviewer.source.files import display_path, repository_root
    from reviewer.source.select import Selection

    cwd = Path.cwd()
    settings = settings_for(flags, config)
    cases = load_corpus(corpus)
    root = repository_root(cwd)
    for case in cases:
        case.key = display_path(case.file, cwd, root)
    selection = Selection(tuple(case.file for case in cases))
    if settings.dry_run:
        write_plan(settings, selection, cwd, "json" if fmt == "json" else "text")
        return EXIT_OK
    report = score(cases, watched_review(settings, selection, cwd))
    text = render_eval_json(report) if fmt == "json" else render_eval_text(report)
    write_report(text, settings.output, sys.stdout)
    if not report.failed:
        return EXIT_OK
    # Scores over part of the corpus are not the corpus's scores: say so, and fail as a review
    # that could not review every file would.
    first = report.failed[0]
    message = (
        f"reviewed {len(report.cases)} of {report.total} cases; the scores cover those only; "
        f"{len(report.failed)} not reviewed, first {first.file}: {first.reason}"
    )
    return provider_failed(message, settings.on_provider_error, EXIT_OK)


@eval_app.command(cls=PanelledCommand)
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="A corpus folder with a corpus.toml.")],
    model: ModelOption = None,
    provider: ProviderOption = None,
    base_url: BaseUrlOption = None,
    temperature: TemperatureOption = None,
    max_tokens: MaxTokensOption = None,
    top_p: TopPOption = None,
    seed: SeedOption = None,
    output_format: Annotated[
        Literal["text", "json"],
        typer.Option("--format", "-f", help="Report format: text or json.", rich_help_panel=OUTPUT),
    ] = "text",
    output: OutputOption = None,
    self_check: SelfCheckOption = None,
    language: LanguageOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    on_provider_error: OnProviderErrorOption = None,
    config: ConfigOption = None,
    trust_repo_config: TrustRepoConfigOption = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print the prompts the corpus would send and a token estimate; send nothing.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
) -> None:
    """Review every file of a labelled corpus and score the findings: recall, precision, F1,
    line accuracy and false positives per clean file, over the files that were reviewed."""
    flags = {
        "model": model, "provider": provider, "base_url": base_url, "temperature": temperature,
        "max_tokens": max_tokens, "top_p": top_p, "seed": seed, "output": output,
        "self_check": self_check, "jobs": jobs, "cache": False if no_cache else None,
        "timeout": timeout, "on_provider_error": on_provider_error, "language": language,
        "dry_run": True if dry_run else None,
    }  # fmt: skip
    chosen = ConfigChoice(config, trust_repo_config)
    guarded(lambda: _evaluate(corpus, flags, chosen, output_format))
