"""What one request reviews: a file's text, whole or as a change. Pure: no disk, no git."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.source.view import DiffView

from reviewer.contract import SkipReason

BINARY_SNIFF = 8192


def split_lines(text: str) -> list[str]:
    """Lines as git and editors number them: split on \\n only (str.splitlines also splits on
    form feeds and other separators, which would shift every later line number)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


DEFAULT_MAX_BYTES = 1_000_000
_CONFLICT = re.compile(rb"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)


class Unreadable(Exception):
    """A file that is not reviewed, with the reason (and detail) that `skipped` lists."""

    def __init__(self, reason: SkipReason, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file, or Unreadable with the reason it cannot be reviewed."""
    if len(data) > max_bytes:
        raise Unreadable(
            "too large", f"{len(data) / 1e6:.1f} MB; max_file_bytes is {max_bytes / 1e6:.1f} MB"
        )
    if b"\0" in data[:BINARY_SNIFF]:
        raise Unreadable("binary")
    conflict = _CONFLICT.search(data)
    if conflict is not None:
        line = data.count(b"\n", 0, conflict.start()) + 1
        raise Unreadable("unresolved conflict markers", f"line {line}: resolve the merge first")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            "not UTF-8 text", f"byte {exc.start}; save it as UTF-8 to review it"
        ) from None
    if not text.strip():
        raise Unreadable("empty")
    return text


@dataclass(frozen=True)
class Unit:
    """A file to review. `path` is as users and the model see it (relative to the repository root
    inside one); `lines` is the whole file (its new version in a diff); `change`, in diff modes,
    says which lines changed and what the model is shown."""

    path: str
    lines: tuple[str, ...]
    change: DiffView | None = None
    # Whole-file mode, a file too large for one request: the first and last line of this part.
    window: tuple[int, int] | None = None
    # What the maintainers ask of this file in particular (rules by path), for its prompt.
    guidance: str = ""

    @property
    def span(self) -> tuple[int, int]:
        """The lines this unit reviews (the whole file unless it is a part of one)."""
        return self.window or (1, len(self.lines))

    @property
    def reviewed(self) -> list[int]:
        """The line numbers the model was shown, where a finding may be placed."""
        if self.change is not None:
            return sorted(self.change.shown)
        first, last = self.span
        return list(range(first, last + 1))

    @property
    def searched(self) -> list[int]:
        """Where a finding's quote is looked for: the whole file in a diff (the filter mode then
        decides what is reported), the part under review otherwise."""
        if self.change is not None:
            return list(range(1, len(self.lines) + 1))
        return self.reviewed

    @property
    def size(self) -> int:
        """What coverage counts: changed lines in a diff, lines of the file otherwise."""
        if self.change is not None:
            return len(self.change.added) or len(self.change.touched)
        first, last = self.span
        return last - first + 1
