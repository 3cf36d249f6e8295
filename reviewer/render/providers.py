"""Text for `--list-providers` and `--check-provider`."""

from __future__ import annotations

from collections.abc import Iterable

from reviewer.model.check import CheckReport
from reviewer.model.preset import Preset
from reviewer.model.shown import shown_url


def _keys(preset: Preset) -> str:
    names = [*preset.key_vars, *(["OPENAI_API_KEY"] if preset.openai_key else [])]
    text = ", ".join(dict.fromkeys(names)) or "-"
    return f"{text} (optional)" if preset.keyless else text


def render_providers(presets: Iterable[Preset]) -> str:
    rows = [("provider", "base URL", "key variable", "default model", "structured output")]
    for preset in presets:
        low, high = preset.temperature
        formats = " > ".join(preset.ladder())
        rows.append(
            (
                preset.name,
                shown_url(preset.base_url)
                if preset.base_url
                else f"({' or '.join([*preset.base_vars, '--base-url'])})",
                _keys(preset),
                preset.model or ("(deployment: --model)" if preset.api == "azure" else "(--model)"),
                formats + (f"; temperature {low:g}-{high:g}" if (low, high) != (0, 2) else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
             for row in rows]  # fmt: skip
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_check(report: CheckReport, output_format: str = "text") -> str:
    if output_format == "json":
        import json

        fields = {
            "provider": report.provider, "base_url": shown_url(report.base_url),
            "model": report.model,
            "format": report.format, "seconds": round(report.seconds, 3),
            "works": report.problem is None, "problem": report.problem, "kind": report.kind or None,
            "reasoning": report.reasoned,
        }  # fmt: skip
        return json.dumps(fields, indent=2) + "\n"
    verdict = "works" if report.problem is None else "FAILED"
    reached = report.kind != "unreachable"
    if report.kind == "no model":
        found = "not found"
    elif report.problem is None:
        found = "answers"
    else:
        found = "unknown"
    lines = [
        f"provider   {report.provider}",
        f"base URL   {shown_url(report.base_url)} ({'reachable' if reached else 'unreachable'})",
        f"model      {report.model} ({found})",
        f"format     {report.format}" + (" (works)" if report.problem is None else " (last tried)"),
        f"latency    {report.seconds * 1000:.0f} ms",
    ]
    if report.reasoned:
        lines.append("reasoning  yes (reasoning_content is read past, never sent back)")
    lines.append(f"result     {verdict}" + (f": {report.problem}" if report.problem else ""))
    return "\n".join(lines) + "\n"
