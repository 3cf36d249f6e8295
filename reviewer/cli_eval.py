"""`reviewer eval CORPUS`: the normal pipeline over a labelled corpus, scored. Thin, like cli.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from reviewer.contract import EXIT_OK
from reviewer.guard import guarded
from reviewer.terminal import say, write_report

eval_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _evaluate(corpus: Path, flags: dict[str, Any], config: Path | None, fmt: str) -> int:
    from reviewer.config import load_settings
    from reviewer.evaluation import load_corpus, score
    from reviewer.render.evalreport import render_eval_json, render_eval_text
    from reviewer.review import review
    from reviewer.source.files import display_path, repository_root
    from reviewer.source.select import Selection

    cwd = Path.cwd()
    settings = load_settings(flags, env=os.environ, cwd=cwd, config_path=config)
    cases = load_corpus(corpus)
    root = repository_root(cwd)
    for case in cases:
        case.key = display_path(case.file, cwd, root)
    result = review(settings, Selection(tuple(case.file for case in cases)), cwd)
    for warning in result.warnings:
        say("warning", warning)
    report = score(cases, result)
    text = render_eval_json(report) if fmt == "json" else render_eval_text(report)
    write_report(text, settings.output, sys.stdout)
    return EXIT_OK


@eval_app.command()
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="A corpus folder with a corpus.toml.")],
    model: Annotated[str | None, typer.Option("--model", "-m", show_default=False)] = None,
    provider: Annotated[str | None, typer.Option("--provider", show_default=False)] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", show_default=False)] = None,
    output_format: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", show_default=False)] = None,
    self_check: Annotated[
        bool | None, typer.Option("--self-check/--no-self-check", show_default=False)
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
    config: Annotated[Path | None, typer.Option("--config", show_default=False)] = None,
) -> None:
    """Review every file of a labelled corpus and score the findings: recall, precision, F1,
    line accuracy and false positives per clean file."""
    flags = {
        "model": model, "provider": provider, "base_url": base_url, "output": output,
        "self_check": self_check, "jobs": jobs, "cache": False if no_cache else None,
    }  # fmt: skip
    guarded(lambda: _evaluate(corpus, flags, config, output_format))
