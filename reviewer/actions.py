"""The GitHub Actions runner's side channels: masking the token, the job summary, step outputs.
Each is a file or a stream the runner reads back after the step."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from reviewer.errors import UsageError
from reviewer.ghcontext import GitHubContext
from reviewer.render.markdown import SUMMARY_LIMIT, fit, render_markdown
from reviewer.result import ReviewResult


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def mask_token(ctx: GitHubContext, stream: TextIO) -> None:
    """Ask the runner to hide the token from every log line, should anything ever echo it."""
    if ctx.token:
        stream.write(f"::add-mask::{ctx.token}\n")
        stream.flush()


def write_job_summary(ctx: GitHubContext, result: ReviewResult) -> None:
    if ctx.step_summary is None:
        return
    text = render_markdown(result, link=ctx.link)
    _append(ctx.step_summary, fit(text, SUMMARY_LIMIT, "Cut to fit the job summary's 1 MiB."))


def write_outputs(ctx: GitHubContext, result: ReviewResult, sarif: Path | None) -> None:
    """Step outputs `score`, `findings` and `sarif-file` (the action passes them on)."""
    if ctx.output is None:
        return
    score = "" if result.score is None else str(result.score)
    lines = [f"score={score}", f"findings={len(result.findings)}"]
    lines.append(f"sarif-file={sarif.resolve() if sarif is not None else ''}")
    _append(ctx.output, "\n".join(lines) + "\n")
