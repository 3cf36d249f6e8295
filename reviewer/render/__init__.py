"""Renderers: pure functions from a result to the text of one output format."""

from __future__ import annotations

from reviewer.contract import OutputFormat
from reviewer.result import Linker, Plan, ReviewResult


def render(
    result: ReviewResult,
    output_format: OutputFormat,
    *,
    color: bool,
    link: Linker | None = None,
    here: str | None = None,
) -> str:
    """The result in `output_format`. `here` is the working folder relative to the repository
    root: the text report names files from it, as a terminal opens them; machine formats and
    posted reports keep repository paths."""
    if output_format == "json":
        from reviewer.render.jsonout import render_json

        return render_json(result)
    if output_format == "sarif":
        from reviewer.render.sarif import render_sarif

        return render_sarif(result)
    if output_format == "github":
        from reviewer.render.github import render_github

        return render_github(result)
    if output_format == "gitlab":
        from reviewer.render.codequality import render_codequality

        return render_codequality(result)
    if output_format == "markdown":
        from reviewer.render.markdown import render_markdown

        return render_markdown(result, link=link)
    from reviewer.render.text import render_text

    return render_text(result, color=color, here=here)


def render_plan(planned: Plan, output_format: OutputFormat) -> str:
    if output_format == "json":
        from reviewer.render.jsonout import render_plan_json

        return render_plan_json(planned)
    from reviewer.render.text import render_plan_text

    return render_plan_text(planned)
