"""The terminal and output files: colour detection, and writing the report."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from reviewer.errors import ProviderError, UsageError


def use_color(stream: TextIO, env: Mapping[str, str]) -> bool:
    """Colour on a terminal only; NO_COLOR (no-color.org) wins, FORCE_COLOR forces it."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


def say(kind: str, message: str) -> None:
    """One line on stderr: `error: ...` or `warning: ...`, coloured on a terminal. A message may
    quote a file name or the model: folded to one line, with no workflow command in it."""
    from reviewer.model.shown import one_line
    from reviewer.render.safe import for_terminal, no_commands
    from reviewer.render.text import Painter

    paint = Painter(use_color(sys.stderr, os.environ))
    shown = no_commands(one_line(for_terminal(message)))
    sys.stderr.write(f"{paint(kind, kind)}: {shown}\n")
    sys.stderr.flush()


def provider_failed(message: str, on_provider_error: str, code: int) -> int:
    """A run that could not review everything: exit 3 with `message` (through the guard), or,
    with on_provider_error = warn, say it and keep `code`, so an outage never traps a
    developer at a hook."""
    if on_provider_error == "warn":
        say("warning", f"{message} (not failing: on_provider_error is warn)")
        return code
    raise ProviderError(message)


def _mode_for(path: Path) -> int:
    """The file's present mode, or what a plain open() would create (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_writable(output: Path) -> None:
    """A report can be written to `output`, or a UsageError now, before anything is paid for."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist")
    if output.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise UsageError(f"cannot write {output}: permission denied")


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


@dataclass
class _Request:
    started: float
    chunks: int = 0


class Activity:
    """The requests in flight, on stderr while the run waits for them, so that no run is silent:
    on a terminal, one status line redrawn in place (what is asked, for how long, how much has
    streamed in); elsewhere (CI logs, a hook's output), a line every `HEARTBEAT` seconds."""

    REDRAW = 0.25  # seconds: often enough to look alive, rarely enough to be cheap
    HEARTBEAT = 30.0
    SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # turns on every redraw, from the first request to the last token

    def __init__(self, stream: TextIO, *, live: bool, width: int = 80) -> None:
        self._stream = stream
        self._live = live
        self._width = max(40, width)
        # By subject; parts of one file share it, so each subject may have several.
        self._requests: dict[str, list[_Request]] = {}
        self._shown = False
        self._turns = 0
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="reviewer-activity", daemon=True)
        self._thread.start()

    @classmethod
    def on(cls, stream: TextIO) -> Activity:
        """Live on a terminal (as wide as it is), heartbeat lines elsewhere."""
        import shutil

        live = bool(getattr(stream, "isatty", None) and stream.isatty())
        return cls(stream, live=live, width=shutil.get_terminal_size().columns)

    def planned(self, files: int, requests: int, tokens: int, cost: float | None) -> None:
        """An audit's size, said once before its first request."""
        price = f", about ${cost:.2f} at list price" if cost is not None else ", cost unknown"
        noun = "file" if files == 1 else "files"
        line = (
            f"reviewer: reviewing {files} {noun} in {requests} request"
            f"{'s' if requests != 1 else ''}, about {tokens:,} prompt tokens{price}\n"
        )
        with self._lock:
            self._stream.write(line)
            self._stream.flush()

    def started(self, subject: str) -> None:
        with self._lock:
            self._requests.setdefault(subject, []).append(_Request(time.monotonic()))

    def received(self, subject: str, chunks: int) -> None:
        with self._lock:
            requests = self._requests.get(subject)
            if requests:
                requests[-1].chunks = chunks

    def finished(self, subject: str) -> None:
        with self._lock:
            requests = self._requests.get(subject)
            if requests:
                requests.pop(0)
                if not requests:
                    del self._requests[subject]

    def status(self, now: float) -> str:
        """What is in flight, one line: the longest-waiting request first."""
        with self._lock:
            every = [(subject, r) for subject, rs in self._requests.items() for r in rs]
        waiting = sorted(every, key=lambda item: item[1].started)
        if not waiting:
            return ""
        parts = []
        for subject, request in waiting:
            took = f"{now - request.started:.0f} s"
            parts.append(f"{subject} ({took}, {request.chunks} chunks)" if request.chunks else
                         f"{subject} ({took})")  # fmt: skip
        count = len(waiting)
        head = f"waiting on {count} request{'s' if count != 1 else ''}: "
        return head + ", ".join(parts)

    def _run(self) -> None:
        interval = self.REDRAW if self._live else self.HEARTBEAT
        while not self._closed.wait(interval):
            line = self.status(time.monotonic())
            with self._lock:
                if self._closed.is_set():
                    return
                if self._live:
                    if not line and not self._shown:
                        continue  # nothing in flight, nothing shown: nothing to draw
                    if line:
                        self._turns += 1
                        line = f"{self.SPINNER[self._turns % len(self.SPINNER)]} {line}"
                    if len(line) > self._width - 1:
                        line = line[: self._width - 2] + "…"
                    self._stream.write(f"\r\x1b[K{line}")
                    self._shown = bool(line)
                elif line:
                    self._stream.write(f"reviewer: {line}\n")
                self._stream.flush()

    def close(self) -> None:
        """Stop, and clear the line for good: requests abandoned by an interrupted or timed-out
        run may still report from their threads, and must not draw over what is printed next."""
        with self._lock:
            self._closed.set()
            if self._shown:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
                self._shown = False
