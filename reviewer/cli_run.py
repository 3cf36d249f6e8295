"""What `reviewer` does once its options are parsed: settings, the selection, the review, the
reports, the gate. The pipeline returns a result; this writes it and picks the exit code."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from reviewer.contract import EXIT_FINDINGS, EXIT_OK, EXIT_PROVIDER, OutputFormat
from reviewer.errors import NothingToDo, UsageError
from reviewer.i18n import speaking
from reviewer.terminal import (
    Activity,
    check_writable,
    provider_failed,
    say,
    use_color,
    write_report,
)

# Set by pre-commit for hooks in its pre-push stage.
PUSH_FROM, PUSH_TO = "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"


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


@dataclass(frozen=True)
class Given:
    """The paths named on the command line (`-` is standard input, read as `stdin_filename`)."""

    files: list[Path]
    stdin_filename: str | None = None

    def stdin(self) -> tuple[str, bytes] | None:
        if Path("-") not in self.files:
            if self.stdin_filename is not None:
                raise UsageError("--stdin-filename names what - reads; add - to read stdin")
            return None
        if len(self.files) > 1:
            raise UsageError("- reads standard input: review it alone, without other paths")
        return (self.stdin_filename or "stdin", sys.stdin.buffer.read())


@dataclass(frozen=True)
class ConfigChoice:
    """The operator's word on config files: `--config FILE`, `--trust-repo-config`."""

    path: Path | None = None
    trust_repo: bool = False


def settings_for(flags: dict[str, Any], config: ConfigChoice, *, terminal: bool = False) -> Any:
    """The run's settings, with a warning for each key the repository's config may not set."""
    from reviewer.config import load_settings

    warnings: list[str] = []
    settings = load_settings(
        flags, env=os.environ, cwd=Path.cwd(), config_path=config.path, terminal=terminal,
        trust_repo=config.trust_repo, warnings=warnings,
    )  # fmt: skip
    for warning in warnings:
        say("warning", warning)
    return settings


def write_plan(settings: Any, selection: Any, cwd: Path, output_format: OutputFormat) -> None:
    """A dry run: the messages each request would carry, and nothing sent."""
    from reviewer.render import render_plan
    from reviewer.review import plan

    text = render_plan(plan(settings, selection, cwd), output_format)
    write_report(text, settings.output, sys.stdout)


def watched_review(settings: Any, selection: Any, cwd: Path) -> Any:
    """The review, with what is in flight shown on stderr and its warnings said."""
    from reviewer.review import review
    from reviewer.trust.masking import held_secrets, masked

    activity = Activity.on(sys.stderr)
    try:
        result = review(settings, selection, cwd, watcher=activity)
    finally:
        activity.close()
    # The keys and tokens this run holds never reach a report, a comment, a chat or a fix,
    # whatever the model wrote (the key as the run resolved it, a preset's own variable too).
    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    result = masked(result, held_secrets(os.environ, key, settings.base_url))
    for warning in result.warnings:
        say("warning", warning)
    return result


def _check_fixable(diff: str | None, pre_push: bool, given: Given) -> None:
    """--fix writes the files of the work tree: a review of commits, or of standard input, has
    nothing there to fix."""
    if pre_push or (diff is not None and ".." in diff):
        raise UsageError(
            "--fix writes the work tree; --diff A..B and --pre-push review commits: use "
            "--diff REV (REV to the work tree), --staged or files"
        )
    if Path("-") in given.files:
        raise UsageError("--fix writes files in the work tree; it cannot fix standard input")


def fixed(result: Any, cwd: Path) -> Any:
    """The result once the fixes that still apply are written into the work tree."""
    from reviewer.result import with_fixed
    from reviewer.source.files import repository_root
    from reviewer.source.fixer import apply_fixes

    report = apply_fixes(result.findings, repository_root(cwd) or cwd)
    why = [f"{f.path}:{f.line}: fix not applied: {reason}" for f, reason in report.refused]
    for line in why:
        say("warning", line)
    return with_fixed(result, report.applied, why)


def _check_targets(settings: Any) -> None:
    """Every file a report goes to can be written, before anything is paid for."""
    for target in (settings.output, settings.sarif_file, settings.codequality_file):
        if target is not None:
            check_writable(target)


def run(
    given: Given,
    modes: tuple[bool, str | None, bool],
    flags: dict[str, Any],
    config: ConfigChoice,
    tools: Tools,
) -> int:
    # Deferred so that --version and --help do not build the settings model.
    from reviewer.config import model_options
    from reviewer.render import render
    from reviewer.source.select import Selection

    cwd = Path.cwd()
    settings = settings_for(flags, config, terminal=sys.stdout.isatty())
    staged, diff, pre_push = modes
    if tools.list_providers:
        from reviewer.model.providers import PRESETS, custom_presets
        from reviewer.render.providers import render_providers

        custom = custom_presets(settings.providers)
        typer.echo(render_providers([*PRESETS.values(), *custom.values()]), nl=False)
        return EXIT_OK
    if tools.check_provider:
        if given.files or staged or diff or pre_push:
            raise UsageError("--check-provider sends a tiny review of its own: name no files")
        from reviewer.model.check import check_provider
        from reviewer.render.providers import render_check

        _check_targets(settings)
        report = check_provider(model_options(settings))
        write_report(render_check(report, settings.format), settings.output, sys.stdout)
        return EXIT_OK if report.problem is None else EXIT_PROVIDER
    from reviewer.platforms.detect import detect

    _check_targets(settings)
    # Before anything is sent: --post where it cannot work is a usage error, and a CI's token
    # is masked before anything could echo it.
    platform = detect(os.environ, settings.post and not settings.dry_run, sys.stdout)
    chats = []
    if os.environ.get("REVIEWER_NOTIFY", "").strip():  # the chat modules only when asked for
        from reviewer.platforms.chat.send import targets

        chats = targets(os.environ)  # a webhook of unknown kind is a usage error, before any cost
    diff = _diff_range(staged, diff, pre_push)
    files = given.files
    if platform is not None and not (files or staged or diff):
        diff = platform.default_diff()  # a merge-request pipeline reviews its merge request
    # In a hook with nothing staged (`pre-commit run --all-files`), the files given are
    # reviewed whole (in the same look at the index), never passed unreviewed.
    in_hook = staged and bool(files) and bool(os.environ.get("PRE_COMMIT"))
    if settings.fix:
        _check_fixable(diff, pre_push, given)
    hint = platform.fetch_hint if platform is not None else None
    follows = None
    if settings.post and not settings.dry_run:
        from reviewer.cli_follow import following

        follows = following(platform, diff, settings.full, cwd)
    within = None
    if follows is not None:
        diff, within = follows.span.diff, follows.span.within
    from reviewer.source.shards import ci_shard, parse_shard

    shard = parse_shard(settings.shard) if settings.shard else ci_shard(os.environ)
    selection = Selection(tuple(files), staged, diff, hint, given.stdin(), in_hook, within, shard)
    if settings.dry_run:
        write_plan(settings, selection, cwd, settings.format)
        return EXIT_OK

    from reviewer.result import gate_failure
    from reviewer.source.files import repository_root

    result = watched_review(settings, selection, cwd)
    if settings.fix:
        result = fixed(result, cwd)
    follow = None
    if follows is not None:
        result, follow = follows.after(result, cwd)
    color = settings.output is None and use_color(sys.stdout, os.environ)
    link = platform.link if platform is not None else None
    root = repository_root(cwd)
    here = cwd.resolve().relative_to(root.resolve()).as_posix() if root is not None else None
    extras: dict[OutputFormat, Path | None] = {
        "sarif": settings.sarif_file,
        "gitlab": settings.codequality_file,
    }
    # What people read is in their language; machine formats never change with it.
    with speaking(settings.language):
        # Every report lists the files that failed, so it is written even when all did: it
        # never looks clean. Nothing is posted for a run that reviewed nothing.
        text = render(result, settings.format, color=color, link=link, here=here)
        write_report(text, settings.output, sys.stdout)
        for kind, extra in extras.items():
            if extra is not None:
                write_report(render(result, kind, color=False), extra, sys.stdout)
        if platform is not None:
            from reviewer.platforms.detect import Delivery

            delivered = platform.deliver(
                result, Delivery(settings.post, settings.sarif_file, follow)
            )
            for warning in delivered:
                say("warning", warning)
    for skipped in result.skipped:
        if skipped.unreviewable:
            say("error", f"{skipped.path}: not reviewed ({skipped})")
    why = gate_failure(result, settings.fail_on, settings.min_score)
    code = EXIT_OK if why is None else EXIT_FINDINGS
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
    return closing(result, settings, why)


def closing(result: Any, settings: Any, why: str | None) -> int:
    """The exit code: the gate's (`why` it failed, if it did), or 3 for files not reviewed."""
    from reviewer.render.text import failure_line

    code = EXIT_OK if why is None else EXIT_FINDINGS
    if result.failed:  # exit 3 here, unless on_provider_error is warn: then the gate decides
        code = provider_failed(
            failure_line(result, settings.output), settings.on_provider_error, code
        )
    if why is not None:
        say("error", f"failed: {why}")
    return code
