"""Reviews that follow a pull or merge request from push to push: what a summary records for
the next run, and which threads are reviewer's to resolve. Pure.

The summary comment records, in a marker no one sees, the head it reviewed and the findings
that stand on it. The next run reviews only the commits since that head, and trust/carry.py
decides which earlier findings stand and which are gone; the threads of those gone are
resolved.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reviewer.contract import CATEGORIES, SEVERITY_RANK
from reviewer.result import Finding, ReviewResult

_STATE = re.compile(r"<!-- reviewer:state ([A-Za-z0-9+/=]+) -->")
STATE_LIMIT = 30_000  # characters of the marker; past it, details are left out
_KEPT = ("path", "line", "end_line", "severity", "category", "title", "message", "quote")
_NUMBERS = ("line", "end_line")
_COMMIT = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1, or SHA-256


@dataclass(frozen=True)
class Earlier:
    """What the last review of this pull or merge request left: the head it reviewed, the
    findings standing on it, and each file's score."""

    head: str
    findings: tuple[Finding, ...] = ()
    scores: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUp:
    """What this run says about the pull or merge request's history: the head it reviewed
    (recorded for the next run), which range that was and why, and the fingerprints of the
    earlier findings that are fixed (their threads are resolved)."""

    head: str
    scope: str  # source/history.py's Scope: whole, full, since, nothing new, rewritten
    since: str | None = None  # the head the last review recorded
    gone: frozenset[str] = frozenset()


def state_marker(head: str, result: ReviewResult) -> str:
    """The marker that records `head` and the standing findings, within STATE_LIMIT."""

    def encode(findings: list[dict[str, Any]]) -> str:
        scores = {review.path: review.score for review in result.files}
        data = json.dumps({"head": head, "findings": findings, "scores": scores})
        packed = base64.b64encode(zlib.compress(data.encode("utf-8"), 9)).decode("ascii")
        return f"<!-- reviewer:state {packed} -->"

    full = [{key: getattr(f, key) for key in _KEPT} for f in result.findings]
    marker = encode(full)
    if len(marker) > STATE_LIMIT:  # the messages are only for showing: the place is what counts
        marker = encode([{**item, "message": ""} for item in full])
    return marker if len(marker) <= STATE_LIMIT else encode([])


def read_state(body: str) -> Earlier | None:
    """The state a summary records, or None (none, or not ours to read)."""
    match = _STATE.search(body or "")
    if match is None:
        return None
    try:
        data = json.loads(zlib.decompress(base64.b64decode(match.group(1))))
        findings = tuple(_recorded(item) for item in data["findings"])
        scores = {str(path): int(score) for path, score in data.get("scores", {}).items()}
        head = str(data["head"])
    except (ValueError, KeyError, TypeError, AttributeError, zlib.error):
        return None  # an edited or foreign marker: as if there were none
    # The head goes to git as a revision: a commit id, never anything git could take for more.
    return Earlier(head, findings, scores) if _COMMIT.fullmatch(head) else None


def _recorded(item: Any) -> Finding:
    """A finding as a state records it, checked: what is read back is not trusted blindly."""
    values = {key: item[key] for key in _KEPT}
    numbers = [values["line"], values["end_line"]]
    if (
        any(type(n) is not int or n < 1 for n in numbers)
        or numbers[1] < numbers[0]
        or not all(isinstance(values[key], str) for key in _KEPT if key not in _NUMBERS)
        or values["severity"] not in SEVERITY_RANK
        or values["category"] not in CATEGORIES
    ):
        raise ValueError("not a recorded finding")
    return Finding(**values)


OURS = "<!-- reviewer:"  # every comment reviewer writes carries a marker that starts so
_FINGERPRINT = re.compile(r"<!-- reviewer:fp=([0-9a-f]{8,64}) -->")


def is_fixed_thread(bodies: Sequence[str], gone: frozenset[str]) -> bool:
    """Whether a thread (its comments' bodies, first first) is reviewer's about a finding that is
    gone, with no one else's word in it: a thread a person has replied to is theirs to close."""
    if not bodies:
        return False
    found = _FINGERPRINT.search(bodies[0])
    return found is not None and found.group(1) in gone and all(OURS in b for b in bodies[1:])
