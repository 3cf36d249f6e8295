"""Replies kept by content: the key is everything that shapes the answer (the rendered messages,
the provider, model and parameters, the tool's version), so an unchanged unit is never sent
twice. SQLite in the cache folder, in WAL mode with a busy timeout, so that two processes (two
hooks, two CI jobs on one runner) can read and write at once. A cache that cannot be opened or
written costs only the savings: the run goes on without it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from reviewer import __version__

FILE_NAME = "replies.sqlite3"


def cache_key(*parts: Any) -> str:
    text = json.dumps([__version__, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReplyCache:
    def __init__(self, folder: Path) -> None:
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / FILE_NAME, timeout=10, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=10000")
            db.execute(
                "CREATE TABLE IF NOT EXISTS replies "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL, at REAL NOT NULL)"
            )
            db.commit()
            self._db = db
        except (OSError, sqlite3.Error):
            self._db = None

    # Every use of the connection holds the lock and checks it is open: units finish in worker
    # threads, possibly after the run has closed the cache (a failed run does not wait for them).
    def get(self, key: str) -> str | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute("SELECT value FROM replies WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                return None
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO replies (key, value, at) VALUES (?, ?, ?)",
                    (key, value, time.time()),
                )
                self._db.commit()
            except sqlite3.Error:
                pass  # a locked or read-only cache: this reply is simply not kept

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
