"""What servers taught us, kept between runs: the structured-output format that works and the
parameters refused, per base URL and model, so that probing is paid once, not on every commit.

A small JSON file in the user cache folder, rewritten whole through a temporary file (another
process sees the old file or the new one, never half of one). Lessons expire after a while, so a
server that gains `json_schema` is asked again. A cache folder that cannot be written costs only
the memory: the run goes on.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from reviewer.model.shown import shown_url

FILE_NAME = "providers.json"
MAX_AGE = 30 * 24 * 3600
VERSION = 1


class Lessons:
    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] = self._read()

    @staticmethod
    def key(base_url: str, model: str) -> str:
        # As shown, never as given: the file sits in a cache folder that CI jobs may share, and
        # a base URL may carry a key in its userinfo or its query.
        return f"{shown_url(base_url).rstrip('/')} {model}"

    def _read(self) -> dict[str, dict[str, Any]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: start afresh, it is only a cache
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        entries = data.get("servers")
        if not isinstance(entries, dict):
            return {}
        now = time.time()
        return {
            key: entry
            for key, entry in entries.items()
            if isinstance(entry, dict) and now - float(entry.get("at", 0)) < MAX_AGE
        }

    def get(self, base_url: str, model: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._entries.get(self.key(base_url, model), {}))

    def learn(self, base_url: str, model: str, **facts: Any) -> None:
        """Merge `facts` (format=..., drop=[...], rename={...}) into the entry and save."""
        key = self.key(base_url, model)
        with self._lock:
            # Re-read first: another process may have learnt something since we started.
            entries = {**self._entries, **self._read()}
            entry = dict(entries.get(key, {}))
            for name, value in facts.items():
                if isinstance(value, list):
                    value = sorted({*entry.get(name, []), *value})
                elif isinstance(value, dict):
                    value = {**entry.get(name, {}), **value}
                entry[name] = value
            entry["at"] = time.time()
            entries[key] = entry
            self._entries = entries
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        document = {"version": VERSION, "servers": self._entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".providers-", dir=self.path.parent)
        except OSError:
            return  # a read-only cache folder: the lesson lasts for this run only
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, indent=1, sort_keys=True)
            os.replace(temp, self.path)
        except OSError:
            Path(temp).unlink(missing_ok=True)
