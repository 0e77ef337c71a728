"""Where batch results go: one file per article in a directory, or one JSON line each.

Every write is whole or absent: files are written beside the target and renamed, JSON
lines are written in one call and a torn last line (from a crash) is cut on reopening.
Names derived from input files cannot leave the output directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path
from typing import Protocol

from ..errors import ConfigError
from ..files import write_atomic
from ..redact import redact
from ..render import Format, render
from ..schemas import Summary


class Sink(Protocol):
    def has(self, source: Path, article_sha256: str) -> bool: ...
    def write(self, source: Path, summary: Summary, text: str | None) -> None: ...
    def fail(self, source: Path, error: str, kind: str) -> None: ...


def safe_stem(source: Path) -> str:
    """A file name from an input name: no separators, no dot-files, no '..'."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", source.stem).strip("._") or "article"
    return stem[:120]


class DirectorySink:
    def __init__(self, directory: Path, fmt: Format = Format.json) -> None:
        self.directory = directory.resolve()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self._names: dict[Path, str] = {}
        self._lock = threading.Lock()

    def _name(self, source: Path) -> str:
        with self._lock:
            if source not in self._names:
                stem = safe_stem(source)
                if stem in self._names.values():
                    stem += "-" + hashlib.sha256(str(source).encode()).hexdigest()[:8]
                self._names[source] = stem
            return self._names[source]

    def _path(self, source: Path, suffix: str) -> Path:
        path = (self.directory / f"{self._name(source)}{suffix}").resolve()
        if path.parent != self.directory:
            raise ConfigError(f"refusing to write outside {self.directory}: {path}")
        return path

    def has(self, source: Path, article_sha256: str) -> bool:
        path = self._path(source, ".json")
        try:
            return (
                Summary.model_validate_json(path.read_text(encoding="utf-8")).article.sha256 == article_sha256
            )
        except (OSError, ValueError):
            return False

    def write(self, source: Path, summary: Summary, text: str | None) -> None:
        self._path(source, ".error.json").unlink(missing_ok=True)
        write_atomic(self._path(source, ".json"), summary.model_dump_json(indent=2) + "\n")
        if self.fmt is not Format.json:
            write_atomic(self._path(source, f".{self.fmt.value}"), render(summary, self.fmt, text=text))

    def fail(self, source: Path, error: str, kind: str) -> None:
        record = {"source": str(source), "error": error, "kind": kind}
        write_atomic(self._path(source, ".error.json"), json.dumps(record, indent=2) + "\n")


class JsonlSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._done: dict[str, str] = {}
        if path.exists():
            self._recover()

    def _recover(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            # A crash mid-line: drop the torn record; its article is done again.
            data = data[: data.rfind(b"\n") + 1]
            with self.path.open("r+b") as handle:
                handle.truncate(len(data))
        for line in data.decode("utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("ok"):
                self._done[record["source"]] = record["summary"]["article"]["sha256"]

    def has(self, source: Path, article_sha256: str) -> bool:
        return self._done.get(str(source)) == article_sha256

    def _append(self, record: dict[str, object]) -> None:
        line = redact(json.dumps(record, ensure_ascii=False)) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def write(self, source: Path, summary: Summary, text: str | None) -> None:
        self._append({"source": str(source), "ok": True, "summary": summary.model_dump(mode="json")})
        self._done[str(source)] = summary.article.sha256

    def fail(self, source: Path, error: str, kind: str) -> None:
        self._append({"source": str(source), "ok": False, "error": error, "kind": kind})
