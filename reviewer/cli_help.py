"""How the command line speaks when it is used wrongly or asked for help: plain help in named
panels that reads at 80 columns (as ruff's does), and usage errors as one line with a
did-you-mean, exit 2."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core

from reviewer.contract import EXIT_USAGE

# The panels of `reviewer --help`, in order; an option names its panel with rich_help_panel.
WHAT, MODEL, OUTPUT, CI, RUN = "What to review", "Model", "Output and gates", "CI", "Run"
COLUMN = 24  # the widest option name beside its help; longer ones put the help beneath


# click's usage error, however typer ships click (vendored in recent releases, a dependency in
# older ones): the class BadParameter derives from.
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


class PanelledCommand(typer.core.TyperCommand):
    """Options listed under their panels, wrapped to the terminal, with no type tags."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar or "[OPTIONS]"]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _bare(param)
                name = name if param.required else f"[{name}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        panels: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                # The paths come first, under what to review, with their own help.
                name = _bare(param) + ("..." if param.nargs != 1 else "")
                panels.setdefault(WHAT, []).insert(0, (name, getattr(param, "help", "") or ""))
                continue
            record = param.get_help_record(ctx)
            if record is None:
                continue
            panel = getattr(param, "rich_help_panel", None) or RUN
            panels.setdefault(panel, []).append(record)
        # One width for the names in every panel, so that the panels line up.
        width = min(COLUMN, max(len(term) for rows in panels.values() for term, _ in rows))
        for panel in (WHAT, MODEL, OUTPUT, CI, RUN):
            if panel in panels:
                with formatter.section(panel):
                    rows = [(term.ljust(width), text) for term, text in panels[panel]]
                    formatter.write_dl(rows, col_max=COLUMN)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; a usage error is one line on stderr and exit 2, never a box."""
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False,
                windows_expand_args=windows_expand_args, **extra,
            )  # fmt: skip
        except UsageError as error:
            from reviewer.terminal import say

            say("error", usage_line(error) + f" (see {prog_name or 'reviewer'} --help)")
            code = EXIT_USAGE
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        if self.epilog:
            for paragraph in self.epilog.split("\n\n"):
                formatter.write_paragraph()
                formatter.write_text(paragraph)


def _bare(param: Any) -> str:
    """An argument's name as help shows it: `PATH` (typer's metavar may carry `[...]...`)."""
    return re.sub(r"[\[\].]", "", str(param.metavar or param.name)).upper()


def _closest(word: str, choices: list[str], cutoff: float = 0.6) -> str:
    """The choice nearest `word`, or ""."""
    import difflib  # deferred: only a usage error needs it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else ""


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = _closest(word, choices)
    return f" (did you mean {close}?)" if close else ""


def usage_line(error: Any) -> str:
    """A usage error in one line, with a did-you-mean where one fits."""
    if type(error).__name__ == "NoSuchOption":
        names: list[str] = sorted(error.possibilities or ())
        if error.ctx is not None:
            names += [o for p in error.ctx.command.params for o in (*p.opts, *p.secondary_opts)]
        # Compared without their dashes, which every option shares.
        bare = {n.lstrip("-"): n for n in names if n.startswith("--")}
        given = error.option_name.lstrip("-")
        starting = [name for name in sorted(bare) if name.startswith(given)]
        close = _closest(given, sorted(bare), cutoff=0.7) or (starting[0] if starting else "")
        guess = f" (did you mean {bare[close]}?)" if close else ""
        return f"no such option {error.option_name}{guess}"
    message = _plain(error.format_message())
    param = getattr(error, "param", None)
    if param is not None and param.opts:
        long = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        message = re.sub(r"^Invalid value for '[^']*'(?: / '[^']*')*: ", "", message)
        quoted = re.findall(r"'([^']*)'", message)
        if len(quoted) > 2:  # '<given>' is not one of '<a>', '<b>', ...
            given, choices = quoted[0], quoted[1:]
            choice_list = ", ".join(choices)
            return f"{long}: '{given}' is not one of {choice_list}{_did_you_mean(given, choices)}"
        return f"{long}: {message}"
    return message


def _plain(message: str) -> str:
    """Pydantic's and click's words, one line: no `Value error, ` prefix, no line breaks."""
    return " ".join(message.replace("Value error, ", "").split())
