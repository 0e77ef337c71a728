"""Finished summaries, content-addressed, in SQLite: a rerun skips what is done.

The key is the article text's sha256, the prompt set's sha256, the schema version, the
model, the endpoint(s) and the wording mode: change any of them and the article is
summarised again. Keys and results only; API keys never reach the cache.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

from ..redact import redact
from ..schemas import SCHEMA_VERSION, Summary

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    article_sha256 TEXT NOT NULL,
    summary TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(article_sha256: str, prompt_sha256: str, model: str, endpoint: str, wording: str) -> str:
    parts = [article_sha256, prompt_sha256, str(SCHEMA_VERSION), model, endpoint, wording]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class ResultCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)

    def get(self, key: str) -> Summary | None:
        with self._lock:
            row = self._db.execute("SELECT summary FROM results WHERE key = ?", (key,)).fetchone()
        return Summary.model_validate_json(row[0]) if row else None

    def put(self, key: str, summary: Summary) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO results (key, article_sha256, summary, created) VALUES (?, ?, ?, ?)",
                (key, summary.article.sha256, redact(summary.model_dump_json()), time.time()),
            )

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def clear(self) -> int:
        with self._lock:
            removed = self._db.execute("DELETE FROM results").rowcount
            self._db.execute("VACUUM")
        return int(removed)

    def close(self) -> None:
        with self._lock:
            self._db.close()
