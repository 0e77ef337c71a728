"""Finished summaries, content-addressed, in SQLite: a rerun skips what is done.

The key is the article text's sha256, the prompt set's sha256, the schema version, the
model, the endpoint(s) and the wording mode: change any of them and the article is
summarised again. Keys and results only; secrets are masked before a row is written.

The cache is a convenience, never a reason to stop: a corrupt database is set aside (one
warning) and a new one started; a row that cannot be read is a miss. Only a cache that
cannot be opened at all (a read-only directory) is refused, naming the directory.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from enum import Enum
from pathlib import Path

from ..errors import ConfigError, SummarizerError
from ..redact import redact
from ..schemas import SCHEMA_VERSION, Summary

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    article_sha256 TEXT NOT NULL,
    summary TEXT NOT NULL,
    created REAL NOT NULL
)
"""
SIDE_FILES = ("-wal", "-shm", "-journal")


class OnCorrupt(Enum):
    SET_ASIDE = "set aside"  # a batch: keep the bytes for whoever wants them, go on
    DELETE = "delete"  # `cache clear`: it is being emptied anyway
    REFUSE = "refuse"  # `cache info`: report it, change nothing


class CacheUnusable(ConfigError):
    """The cache directory cannot hold a database (read-only, not a directory)."""


class CacheCorrupt(SummarizerError):
    """The cache file is not a SQLite database, or a damaged one."""


def cache_key(article_sha256: str, prompt_sha256: str, model: str, endpoint: str, wording: str) -> str:
    parts = [article_sha256, prompt_sha256, str(SCHEMA_VERSION), model, endpoint, wording]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
        # quick_check reads every page: a file cut short answers COUNT(*) and lookups as if
        # empty (every article summarised again, no word said); this finds it at the start.
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("damaged pages")
    except BaseException:
        db.close()
        raise
    return db


def _remove(path: Path, keep_as: Path | None) -> None:
    if keep_as is not None:
        path.replace(keep_as)
    else:
        path.unlink(missing_ok=True)
    for suffix in SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class ResultCache:
    def __init__(self, path: Path, on_corrupt: OnCorrupt = OnCorrupt.SET_ASIDE) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._warned = False
        self._warned_row = False
        self._db = self._open(on_corrupt)

    def _open(self, on_corrupt: OnCorrupt) -> sqlite3.Connection:
        # Not ours to delete, set aside even by `clear`: a directory, or a symbolic link (to a
        # user's file, or to nothing): SQLite would write through it, into the file it names.
        if self.path.is_symlink() or self.path.is_dir():
            refuse = on_corrupt is OnCorrupt.REFUSE
            why = "a symbolic link: never written through" if self.path.is_symlink() else "a directory"
            return self._recover(OnCorrupt.REFUSE if refuse else OnCorrupt.SET_ASIDE, why)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(self.path)
        except OSError as error:
            raise self._unusable(error.strerror or str(error)) from None
        except sqlite3.OperationalError as error:  # cannot open or write: permissions, not damage
            raise self._unusable(str(error)) from None
        except sqlite3.DatabaseError as error:  # "file is not a database", "damaged pages"
            return self._recover(on_corrupt, str(error))

    def _unusable(self, reason: str) -> CacheUnusable:
        return CacheUnusable(
            f"cannot use the result cache {self.path}: {reason} "
            "(set SUMMARIZER_CACHE_DIR to a writable directory, or pass --no-cache)"
        )

    def _recover(self, on_corrupt: OnCorrupt, why: str) -> sqlite3.Connection:
        if on_corrupt is OnCorrupt.REFUSE:
            raise CacheCorrupt(
                f"the result cache {self.path} is corrupt ({why}); `summarizer cache clear` removes it"
            )
        keep = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        _remove(self.path, keep if on_corrupt is OnCorrupt.SET_ASIDE else None)
        if on_corrupt is OnCorrupt.SET_ASIDE:
            log.warning(
                "the result cache %s is unusable (%s): set aside as %s, starting a new one",
                self.path, why, keep,
            )  # fmt: skip
        try:
            return _connect(self.path)
        except (OSError, sqlite3.Error) as error:
            raise self._unusable(str(error)) from None

    def _damaged(self, error: Exception) -> None:
        if not self._warned:  # one warning per run, not one per article
            self._warned = True
            log.warning("the result cache %s failed (%s): going on without it", self.path, error)

    def get(self, key: str, article_text: str | None = None, article_sha256: str = "") -> Summary | None:
        """The stored result, or None. A row that does not parse, fails the schema, or (given
        the article) does not belong to it is never served: it is a miss, with one warning,
        and the article is summarised again (its new result replaces the row)."""
        try:
            with self._lock:
                row = self._db.execute("SELECT summary FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:  # a damaged page: a miss, not a stop
            self._damaged(error)
            return None
        if row is None:
            return None
        try:
            summary = Summary.model_validate_json(row[0])
        except ValueError as error:  # not JSON, or not a summary of this schema version
            self._bad_row(f"{type(error).__name__}: {str(error).splitlines()[0][:120]}")
            return None
        if article_text is not None and (problem := summary.ungrounded(article_text, article_sha256)):
            self._bad_row(problem)
            return None
        return summary

    def _bad_row(self, problem: str) -> None:
        if not self._warned_row:  # one warning per run, not one per article
            self._warned_row = True
            log.warning(
                "the result cache %s holds a result that cannot be used (%s): summarising again",
                self.path, problem,
            )  # fmt: skip

    def put(self, key: str, summary: Summary, article_text: str = "") -> bool:
        """Store a result; False if the cache could not take it (the run goes on). Secrets
        are masked, but not the words of its article (`redact.redact`)."""
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO results (key, article_sha256, summary, created) VALUES (?, ?, ?, ?)",
                    (
                        key,
                        summary.article.sha256,
                        redact(summary.model_dump_json(), article_text),
                        time.time(),
                    ),
                )
        except sqlite3.Error as error:
            self._damaged(error)
            return False
        return True

    def count(self) -> int:
        """How many results it holds; a damaged database is reported as corrupt, not counted
        (every page was checked when it was opened, `_connect`)."""
        try:
            with self._lock:
                return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])
        except sqlite3.DatabaseError as error:
            raise CacheCorrupt(
                f"the result cache {self.path} is corrupt ({error}); `summarizer cache clear` removes it"
            ) from None

    def clear(self) -> int:
        """Empty it; a database too damaged to empty is removed and started anew."""
        try:
            with self._lock:
                removed = self._db.execute("DELETE FROM results").rowcount
                self._db.execute("VACUUM")
        except sqlite3.DatabaseError as error:
            log.warning("the result cache %s was corrupt (%s): removed it", self.path, error)
            with self._lock:
                self._db.close()
                _remove(self.path, None)
                self._db = self._open(OnCorrupt.DELETE)
            return 0
        return int(removed)

    def close(self) -> None:
        with self._lock:
            self._db.close()
