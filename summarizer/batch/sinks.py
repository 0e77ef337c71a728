"""Where batch results go: one file per article in a directory, or one JSON line each.

Every write is whole or absent: files are written beside the target and renamed, JSON
lines are written in one call, under a lock that another batch appending to the same file
respects. On reopening, a last line with no newline is kept if it is a whole record; one
that is not (a crash mid-write) is moved to FILE.torn with a warning, never just dropped.
Names derived from input files cannot leave the output directory. A sink checks that it
can write before the first article is summarised, so no model call is spent in vain.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import BinaryIO, Protocol

from ..bounded import JSON_FILE_LIMIT, UNPARSABLE, read_file
from ..errors import ConfigError, InputError
from ..files import (
    GENERATOR,
    check_directory,
    json_keys,
    lock_exclusive,
    read_head,
    refuse_foreign,
    write_atomic,
)
from ..loader import source_name
from ..redact import redact, redact_bytes
from ..render import Format
from ..schemas import Summary
from .pages import page_is_ours, page_text

log = logging.getLogger(__name__)


class Sink(Protocol):
    def check(self, sources: list[Path]) -> None: ...
    def has(self, source: Path, article_sha256: str) -> bool: ...
    def write(self, source: Path, summary: Summary, text: str | None) -> None: ...
    def fail(self, source: Path, error: str, kind: str) -> None: ...
    def finish(self) -> None: ...


def safe_stem(source: Path) -> str:
    """A file name from an input name: no separators, no dot-files, no '..'."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", source.stem).strip("._") or "article"
    return stem[:120]


def make_sink(out: Path, fmt: Format = Format.json) -> Sink:
    """FILE.jsonl (any case) is one file of JSON lines; anything else is a directory."""
    if out.suffix.lower() == ".jsonl":
        if fmt is not Format.json:  # JSON lines have no place for a page per article
            raise ConfigError(
                f"--format {fmt.value} writes one page per article: give --out a directory, not {out.name}"
            )
        return JsonlSink(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file, not a directory: give a directory or a FILE.jsonl")
    return DirectorySink(out, fmt)


class DirectorySink:
    def __init__(self, directory: Path, fmt: Format = Format.json) -> None:
        self.directory = directory.resolve()
        check_directory(self.directory, directory)
        # Held for the batch: two batches into one directory would each take `a.json` for
        # their own a.txt, and the last one to write would replace the other's result.
        self._held = lock_exclusive(
            self.directory, f"another batch is writing to {directory}: wait for it, or give another --out"
        )
        self.fmt = fmt
        self._names: dict[Path, str] = {}
        self._lock = threading.Lock()

    def _name(self, source: Path) -> str:
        with self._lock:
            if source not in self._names:
                stem = safe_stem(source)
                # "index" is the batch's own index.html (--format html), never an article's page;
                # "a.error" would be a.txt's error record (a.error.json), never an article's result.
                # A result an earlier batch wrote for another input of the same name (in1/a.txt,
                # then in2/a.txt into one --out) is never replaced: this one is written beside it.
                if (
                    stem in self._names.values()
                    or stem.lower() == "index"
                    or stem.lower().endswith(".error")
                    or self._taken(stem, source_name(source))
                ):
                    stem += "-" + hashlib.sha256(bytes(source)).hexdigest()[:8]
                self._names[source] = stem
            return self._names[source]

    def _taken(self, stem: str, name: str) -> bool:
        """NAME.json or NAME.error.json is another input's (its source is not `name`)."""
        for path in (self.directory / f"{stem}.json", self.directory / f"{stem}.error.json"):
            try:
                data = json.loads(read_file(path, JSON_FILE_LIMIT))
            except (InputError, *UNPARSABLE):
                continue  # absent, a pipe, or not ours: `check` refuses a user's file
            article = data.get("article") if isinstance(data, dict) else None
            owner = (
                (article if isinstance(article, dict) else data).get("source")
                if isinstance(data, dict)
                else None
            )
            if isinstance(owner, str) and owner != name:
                return True
        return False

    def _path(self, source: Path, suffix: str) -> Path:
        # Not resolved: a symbolic link at this name is refused by `check`, and a rename onto
        # it (write_atomic) replaces the link itself, so nothing is written where it points.
        path = self.directory / f"{self._name(source)}{suffix}"
        if path.parent != self.directory:  # safe_stem makes this impossible; kept as a guard
            raise ConfigError(f"refusing to write outside {self.directory}: {path}")
        return path

    def check(self, sources: list[Path]) -> None:
        """Before the first article: every file this batch may write is absent or its own
        (an earlier run's result, error record, page or index), never a user's file or a
        symbolic link, so nothing of the user's is replaced and nothing is written elsewhere."""
        from ..render.batch_index import INDEX

        suffixes = [".json", ".error.json"] + ([f".{self.fmt.value}"] if self.fmt is not Format.json else [])
        targets = [self.directory / INDEX] if self.fmt is Format.html else []
        targets += [self._path(source, suffix) for source in sources for suffix in suffixes]
        pages = {self._page(source) for source in sources} if self.fmt is not Format.json else set()
        for path in targets:
            if path.is_symlink():
                raise ConfigError(
                    f"{path} is a symbolic link: a batch never writes through one (remove it, or give another --out)"
                )
            if path.exists() and not (path.is_file() or path.is_dir()):  # a pipe would block the batch
                raise ConfigError(
                    f"{path} is a pipe, socket or device, not a file: a batch never writes to one "
                    "(remove it, or give another --out)"
                )
            # (A directory there cannot be replaced: that write fails, and the result is kept.)
            if path not in pages:  # a user's page is left alone with a warning (`write`), not refused
                refuse_foreign(path, _written_here, "--out")

    def _page(self, source: Path) -> Path:
        return self._path(source, f".{self.fmt.value}")

    def has(self, source: Path, article_sha256: str) -> bool:
        path = self._path(source, ".json")
        if self.fmt is not Format.json and not (
            self._page(source).is_file() and page_is_ours(self._page(source), self.fmt)
        ):
            return False  # done as JSON, but its page is not written (or a user's file is there)
        try:
            return (
                Summary.model_validate_json(read_file(path, JSON_FILE_LIMIT)).article.sha256 == article_sha256
            )
        except (InputError, ValueError):
            return False

    def write(self, source: Path, summary: Summary, text: str | None) -> None:
        page = self._page(source) if self.fmt is not Format.json else None
        # Asked before the result is replaced: an earlier version's page is known by its result.
        foreign = page is not None and page.is_file() and not page_is_ours(page, self.fmt)
        self._path(source, ".error.json").unlink(missing_ok=True)
        keep = text or ""  # the article: its words stay verbatim in its result
        result = self._path(source, ".json")
        write_atomic(result, summary.model_dump_json(indent=2) + "\n", keep)
        if page is None:
            return
        if foreign:  # the user's file: kept as it is; the result is whole in NAME.json
            log.warning(
                "%s exists and was not written by summarizer: left as it is, its page not written "
                "(the result is in %s; move %s away and rerun to write the page)",
                page, result, page.name,
            )  # fmt: skip
            return
        write_atomic(page, page_text(summary, self.fmt, text), keep)

    def fail(self, source: Path, error: str, kind: str) -> None:
        record = {"source": source_name(source), "error": error, "kind": kind}
        write_atomic(self._path(source, ".error.json"), json.dumps(record, indent=2) + "\n")

    def finish(self) -> None:
        """With --format html, `index.html` over every result in the directory (this run's and
        earlier runs'), rebuilt at the end of each batch."""
        if self.fmt is Format.html:
            from ..render.batch_index import INDEX, index_html

            try:
                write_atomic(self.directory / INDEX, index_html(self.directory))
            except OSError as error:  # the results are written; only their index is missing
                log.warning("cannot write %s: %s", self.directory / INDEX, error.strerror or error)


def _written_here(path: Path) -> bool:
    """A result or error record (JSON with our keys), or the index with our generator mark
    (an article's page is told apart by `pages.page_is_ours`)."""
    if path.suffix == ".json":
        keys = json_keys(path)
        return {"article", "run"} <= keys or {"source", "error"} <= keys
    return GENERATOR in read_head(path)


class JsonlSink:
    """One JSON line per article. The file stays open and locked while the batch runs: a
    second batch on the same file is refused, instead of both writing every record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        check_directory(path.parent, path)
        if path.exists() and not path.is_file():
            raise ConfigError(f"--out {path} exists and is not a regular file")
        self._lock = threading.Lock()
        self._done: dict[str, str] = {}
        try:
            self._handle = path.open("a+b")
        except OSError as error:
            raise ConfigError(f"cannot write results to {path}: {error.strerror or error}") from None
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._handle.close()
            raise ConfigError(
                f"another batch is writing to {path}: wait for it, or give another --out"
            ) from None
        self._recover(self._handle)

    def _recover(self, handle: BinaryIO) -> None:
        handle.seek(0)
        data = handle.read()
        if data and not data.endswith(b"\n"):
            data = self._mend_last_line(handle, data)
        foreign = 0
        for line in data.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
                if record.get("ok"):
                    self._done[record["source"]] = record["summary"]["article"]["sha256"]
                elif not {"source", "error"} <= record.keys():
                    foreign += 1
            except (*UNPARSABLE, KeyError, TypeError, AttributeError):
                foreign += bool(line.strip())  # not one of our records: left where it is, not done
        if foreign:  # a user's notes.jsonl given as --out by mistake: said, not silently grown
            log.warning(
                "%s holds %d line(s) that are not summarizer records: left as they are, results appended after them",
                self.path, foreign,
            )  # fmt: skip

    def _mend_last_line(self, handle: BinaryIO, data: bytes) -> bytes:
        """A last line with no newline: end it if it is a whole record, else move it aside."""
        start = data.rfind(b"\n") + 1
        last = data[start:]
        try:
            json.loads(last)
        except UNPARSABLE:
            torn = self.path.with_name(self.path.name + ".torn")
            with torn.open("ab") as aside:
                aside.write(redact_bytes(last) + b"\n")  # a file we write: masked like all of them
            handle.flush()
            handle.truncate(start)
            log.warning("%s ended in a torn line (%d bytes): moved to %s", self.path, len(last), torn)
            return data[:start]
        handle.write(b"\n")
        handle.flush()
        return data + b"\n"

    def _append(self, record: dict[str, object], keep: str = "") -> None:
        line = (redact(json.dumps(record, ensure_ascii=False), keep) + "\n").encode("utf-8")
        with self._lock:
            self._handle.write(line)  # "a" mode: always at the end, one write per record
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def check(self, sources: list[Path]) -> None:
        """Nothing more: the file was checked, locked and mended when it was opened."""

    def has(self, source: Path, article_sha256: str) -> bool:
        return self._done.get(source_name(source)) == article_sha256

    def write(self, source: Path, summary: Summary, text: str | None) -> None:
        self._append(
            {"source": source_name(source), "ok": True, "summary": summary.model_dump(mode="json")},
            text or "",
        )
        self._done[source_name(source)] = summary.article.sha256

    def fail(self, source: Path, error: str, kind: str) -> None:
        self._append({"source": source_name(source), "ok": False, "error": error, "kind": kind})

    def finish(self) -> None:
        """Nothing to add: each record was written as it finished."""

    def close(self) -> None:
        self._handle.close()  # and with it the lock
