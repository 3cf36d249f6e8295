"""The terminal and output files: colour detection, and writing the report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from reviewer.errors import UsageError


def use_color(stream: TextIO, env: Mapping[str, str]) -> bool:
    """Colour on a terminal only; NO_COLOR (no-color.org) wins, FORCE_COLOR forces it."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


def _mode_for(path: Path) -> int:
    """The file's present mode, or what a plain open() would create (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_report(text: str, output: Path | None, stream: TextIO) -> None:
    """To `output` when given, replaced whole (never half-written), else to the stream."""
    if output is None:
        stream.write(text)
        stream.flush()
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
        try:
            os.chmod(temporary, _mode_for(output))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            os.replace(temporary, output)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
