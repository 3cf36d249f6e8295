"""The terminal and output files: colour detection, and writing the report."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
import time
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


def say(kind: str, message: str) -> None:
    """One line on stderr: `error: ...` or `warning: ...`, coloured on a terminal."""
    from reviewer.render.safe import for_terminal
    from reviewer.render.text import Painter

    paint = Painter(use_color(sys.stderr, os.environ))
    sys.stderr.write(f"{paint(kind, kind)}: {for_terminal(message)}\n")
    sys.stderr.flush()


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


class LiveProgress:
    """One status line on a terminal, rewritten in place while replies stream in."""

    INTERVAL = 0.1  # seconds between redraws: often enough to look alive, rarely enough to be cheap

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._last = 0.0
        self._shown = False
        self._closed = False
        self._lock = threading.Lock()

    def __call__(self, subject: str, received: int, elapsed: float) -> None:
        now = time.monotonic()
        with self._lock:
            if self._closed or now - self._last < self.INTERVAL:
                return
            self._last = now
            self._stream.write(f"\r\x1b[K{subject}: {received} tokens, {elapsed:.1f} s")
            self._stream.flush()
            self._shown = True

    def close(self) -> None:
        """Clear the line for good: requests abandoned by an interrupted run may still report
        progress from their threads, and must not draw over what is printed next."""
        with self._lock:
            self._closed = True
            if self._shown:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
                self._shown = False
