"""`reviewer merge REPORT.json...`: the JSON reports of a sharded run's parts (`--shard I/N`)
combined into one report, in any format, with the exit code rules applied to the whole."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from reviewer.cli_help import PanelledCommand
from reviewer.cli_options import (
    ConfigOption,
    FailOnOption,
    FormatOption,
    LanguageOption,
    MinScoreOption,
    OnProviderErrorOption,
    OutputOption,
    TrustRepoConfigOption,
)
from reviewer.cli_run import ConfigChoice
from reviewer.errors import UsageError
from reviewer.guard import guarded

merge_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _read(path: Path) -> Any:
    from reviewer.render.jsonin import NotAReport, read_report

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{path} is not JSON ({exc}): merge the --format json reports") from None
    try:
        return read_report(document)
    except NotAReport as exc:
        raise UsageError(f"{path}: {exc}") from None


def _merge(reports: list[Path], flags: dict[str, Any], config: ConfigChoice) -> int:
    from reviewer.cli_run import closing, settings_for
    from reviewer.i18n import speaking
    from reviewer.render import render
    from reviewer.result import gate_failure, merged
    from reviewer.terminal import use_color, write_report

    settings = settings_for(flags, config, terminal=sys.stdout.isatty())
    results = [_read(path) for path in reports]
    seen: dict[str, Path] = {}
    for path, result in zip(reports, results, strict=True):
        for review in result.files:
            if review.path in seen:
                raise UsageError(
                    f"{review.path} is in both {seen[review.path]} and {path}: merge the "
                    "reports of one run's shards, each once"
                )
            seen[review.path] = path
    result = merged(results)
    color = settings.output is None and use_color(sys.stdout, os.environ)
    with speaking(settings.language):
        write_report(render(result, settings.format, color=color), settings.output, sys.stdout)
    return closing(result, settings, gate_failure(result, settings.fail_on, settings.min_score))


@merge_app.command(cls=PanelledCommand)
def merge(
    reports: Annotated[
        list[Path], typer.Argument(help="The JSON reports of the shards (--format json).")
    ],
    output_format: FormatOption = None,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    min_score: MinScoreOption = None,
    on_provider_error: OnProviderErrorOption = None,
    language: LanguageOption = None,
    config: ConfigOption = None,
    trust_repo_config: TrustRepoConfigOption = False,
) -> None:
    """Combine the JSON reports of a sharded review into one report, in any format: the exit
    code is the gate on the whole, and 3 when a shard left files unreviewed."""
    flags = {
        "format": output_format, "output": output, "fail_on": fail_on, "min_score": min_score,
        "on_provider_error": on_provider_error, "language": language,
    }  # fmt: skip
    if output is not None and str(output) == "-":
        flags["output"] = None
    chosen = ConfigChoice(config, trust_repo_config)
    guarded(lambda: _merge(reports, flags, chosen))
