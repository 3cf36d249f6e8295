"""A finding's identity across pushes: the same problem keeps its fingerprint when lines move,
so a comment already posted is not posted again and code scanning tracks one alert."""

from __future__ import annotations

import hashlib

from reviewer.result import Finding


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def fingerprint(finding: Finding) -> str:
    # Content, not line numbers: an edit above the finding must not make it new.
    key = "\0".join((finding.path, finding.category, _norm(finding.title), _norm(finding.quote)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
