"""The run log's SQLite file: runs and their exchanges, secrets masked, size bounded.

Plain tables, one row per run and one per exchange, so that `sqlite3 runs.sqlite3` answers
questions the `logs` command does not. Every text is masked (`redact`) before it is
written. Past the size bound (`runlog.max_bytes`) the oldest runs are deleted; SQLite
reuses their pages, so the file stops growing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ..bounded import UNPARSABLE
from ..errors import ConfigError
from ..redact import redact
from . import log_path, max_bytes
from .capture import Exchange, LoggedRun

log = logging.getLogger(__name__)

SQLITE_MAX = 2**63 - 1  # SQLite's largest INTEGER: a larger Python int is an OverflowError
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    seconds REAL NOT NULL,
    version TEXT NOT NULL,
    article_sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    model TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    backend TEXT NOT NULL,
    parameters REAL,
    context INTEGER NOT NULL,
    prompt_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    summary TEXT,
    exchanges INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_article ON runs (article_sha256);
CREATE TABLE IF NOT EXISTS exchanges (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    seq INTEGER NOT NULL,
    question TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    key TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    request TEXT,
    status INTEGER,
    content_type TEXT NOT NULL,
    body TEXT NOT NULL,
    answer TEXT,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    seconds REAL NOT NULL,
    error TEXT,
    PRIMARY KEY (run_id, seq)
);
"""
RUN_COLUMNS = (
    "id, started, seconds, version, article_sha256, source, model, endpoint, backend, parameters, "
    "context, prompt_sha256, status, error, exchanges, prompt_tokens, completion_tokens"
)


def _masked(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RunLog:
    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._warned = False
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA busy_timeout = 5000")  # two runs at once take turns
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(SCHEMA)
        except BaseException:
            self._db.close()
            raise

    def write(self, run: LoggedRun) -> None:
        """Store one run; a log that cannot take it is one warning, never a failed run."""
        try:
            with self._lock:
                self._insert(run)
                self._prune()
        except Exception as error:  # the log is a side record: nothing in it may cost a result
            with self._lock, contextlib.suppress(sqlite3.Error):
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            self.warn(error)

    def warn(self, error: BaseException) -> None:
        if not self._warned:  # one warning per run of the tool, not one per article
            self._warned = True
            log.warning("the run log %s cannot be written (%s): going on without it", self.path, error)

    def _insert(self, run: LoggedRun) -> None:
        from .. import __version__

        rows = [_exchange_row(seq, e) for seq, e in enumerate(run.exchanges, 1)]
        size = sum(len(str(value)) for row in rows for value in row) + len(run.summary or "")
        tokens = [e.tokens for e in run.exchanges]
        started = dt.datetime.fromtimestamp(run.started, dt.UTC).isoformat(timespec="seconds")
        values = (
            started, run.seconds, __version__, run.article_sha256, run.source, run.model, run.endpoint,
            run.backend, run.parameters, run.context, run.prompt_sha256, "failed" if run.error else "ok",
            run.error, len(rows), sum(t[0] for t in tokens), sum(t[1] for t in tokens), run.summary, size,
        )  # fmt: skip
        self._db.execute("BEGIN IMMEDIATE")
        cursor = self._db.execute(
            f"INSERT INTO runs ({RUN_COLUMNS.removeprefix('id, ')}, summary, bytes) "
            f"VALUES ({', '.join('?' * len(values))})",
            tuple(_masked(v) for v in values),
        )
        self._db.executemany(
            f"INSERT INTO exchanges VALUES ({', '.join('?' * 16)})",
            [(cursor.lastrowid, *(_masked(v) for v in row)) for row in rows],
        )
        self._db.execute("COMMIT")

    def _prune(self) -> None:
        """Delete the oldest runs until the rest fit the bound (the newest always stays)."""
        total, cut = 0, None
        for run_id, size in self._db.execute("SELECT id, bytes FROM runs ORDER BY id DESC"):
            total += size
            if total > self.max_bytes and cut is None and total != size:
                cut = run_id
        if cut is not None:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM exchanges WHERE run_id <= ?", (cut,))
            self._db.execute("DELETE FROM runs WHERE id <= ?", (cut,))
            self._db.execute("COMMIT")

    def runs(self, limit: int, article: str | None = None, model: str | None = None) -> list[dict[str, Any]]:
        """The newest runs first; `article` matches a sha256 prefix or part of the source."""
        where, args = [], []
        if article:
            where.append("(article_sha256 LIKE ? OR source LIKE ?)")
            args += [f"{article.lower()}%", f"%{article}%"]
        if model:
            where.append("model LIKE ?")
            args.append(f"%{model}%")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        query = f"SELECT {RUN_COLUMNS} FROM runs {clause} ORDER BY id DESC LIMIT ?"
        with self._lock:
            cursor = self._db.execute(query, (*args, max(0, _checked(limit, "the count of runs"))))
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def run(self, run_id: int) -> dict[str, Any]:
        """One run with its summary and its exchanges; ConfigError if the log has no such run."""
        with self._lock:
            row, names = None, []
            if 0 <= run_id <= SQLITE_MAX:  # past it SQLite overflows; no run has such an id
                cursor = self._db.execute(f"SELECT {RUN_COLUMNS}, summary FROM runs WHERE id = ?", (run_id,))
                names = [c[0] for c in cursor.description]
                row = cursor.fetchone()
            if row is None:
                raise ConfigError(
                    f"the run log {self.path} has no run {run_id} (`summarizer logs` lists them)"
                )
            found = dict(zip(names, row, strict=True))
            cursor = self._db.execute("SELECT * FROM exchanges WHERE run_id = ? ORDER BY seq", (run_id,))
            names = [c[0] for c in cursor.description]
            exchanges = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        found["summary"] = self._parsed(found["summary"], run_id)
        for exchange in exchanges:
            exchange.pop("run_id")
            exchange["request"] = self._parsed(exchange["request"], run_id)
        found["exchanges"] = exchanges
        return found

    def _parsed(self, text: str | None, run_id: int) -> Any:
        """A stored JSON text, or a ConfigError: a row changed by hand (nested too deep, cut
        short) is the log's fault, said in one line."""
        try:
            return json.loads(text) if text else None
        except UNPARSABLE as error:
            gist = "nested too deep" if isinstance(error, RecursionError) else type(error).__name__
            raise ConfigError(
                f"the run log {self.path} holds a row of run {run_id} that is not JSON ({gist})"
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _checked(number: int, what: str) -> int:
    """A number SQLite can hold (a signed 64-bit integer), or bad input: never an overflow."""
    if number > SQLITE_MAX:
        raise ConfigError(f"{what} must be at most {SQLITE_MAX}, not {number}")
    return number


def _exchange_row(seq: int, exchange: Exchange) -> tuple[Any, ...]:
    prompt, completion = exchange.tokens
    request = json.dumps(exchange.request, ensure_ascii=False) if exchange.request is not None else None
    return (
        seq, exchange.question, exchange.attempt, exchange.key, exchange.method, exchange.path, request,
        exchange.status, exchange.content_type, exchange.body, exchange.answer, prompt, completion,
        exchange.seconds, exchange.error,
    )  # fmt: skip


_OPEN: dict[Path, RunLog | None] = {}


def open_log() -> RunLog | None:
    """This process's run log, one connection for every endpoint; None, after one warning,
    when it cannot be opened (a read-only data directory, a file that is not SQLite)."""
    path = log_path()
    if path not in _OPEN:
        try:
            _OPEN[path] = RunLog(path, max_bytes())
        except (OSError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            log.warning(
                "the run log %s cannot be opened (%s): going on without it "
                "(set SUMMARIZER_DATA_DIR to a writable directory, or SUMMARIZER_NO_LOG=1)",
                path, reason,
            )  # fmt: skip
            _OPEN[path] = None
    return _OPEN[path]


def read_log() -> RunLog:
    """The run log for reading (`summarizer logs`): an error if there is none."""
    path, bound = log_path(), max_bytes()  # a bad bound is refused whether or not a log exists
    if not path.is_file():
        raise ConfigError(f"no run log at {path} yet: `summarize` and `batch` write one")
    try:
        return RunLog(path, bound)
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(f"cannot read the run log {path}: {error}") from None
