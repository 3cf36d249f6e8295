"""Reading the files to review from disk: text to review, or a reason to skip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from reviewer.errors import UsageError
from reviewer.result import Skipped

BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Source:
    """A file to review: the path as shown to users and the model, and its text."""

    path: str
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def display_path(path: Path) -> str:
    return PurePath(path).as_posix()


def load_sources(paths: Sequence[Path], cwd: Path) -> tuple[list[Source], list[Skipped]]:
    """Read every path; a missing path or a folder is a usage error before anything is sent."""
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for path in paths:
        full = path if path.is_absolute() else cwd / path
        shown = display_path(path)
        if full.is_dir():
            raise UsageError(f"{shown} is a folder; name the files to review (e.g. {shown}/*.py)")
        try:
            data = full.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"{shown}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{shown}: cannot read: {exc.strerror}") from None
        if b"\0" in data[:BINARY_SNIFF]:
            skipped.append(Skipped(shown, "binary"))
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            skipped.append(Skipped(shown, "not UTF-8 text"))
            continue
        if not text.strip():
            skipped.append(Skipped(shown, "empty"))
            continue
        sources.append(Source(shown, text))
    return sources, skipped
