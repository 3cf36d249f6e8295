"""Renderers: pure functions from a result to the text of one output format."""

from __future__ import annotations

from reviewer.choices import OutputFormat
from reviewer.result import Plan, ReviewResult


def render(result: ReviewResult, output_format: OutputFormat, *, color: bool) -> str:
    if output_format == "json":
        from reviewer.render.jsonout import render_json

        return render_json(result)
    from reviewer.render.text import render_text

    return render_text(result, color=color)


def render_plan(planned: Plan, output_format: OutputFormat) -> str:
    if output_format == "json":
        from reviewer.render.jsonout import render_plan_json

        return render_plan_json(planned)
    from reviewer.render.text import render_plan_text

    return render_plan_text(planned)
