"""Write a file whole or not at all, and know before the work that it can be written."""

from __future__ import annotations

import fcntl
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .bounded import JSON_FILE_LIMIT, UNPARSABLE, read_file
from .errors import ConfigError, InputError, SummarizerError
from .redact import redact


def check_directory(directory: Path, named: Path) -> None:
    """Create and remove a file where results will go: fail now, not after the model ran."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise ConfigError(f"cannot write results to {named}: {error.strerror or error}") from None


def check_file(path: Path, source: str | None = None) -> None:
    """`path` can be written by `write_atomic` (or is a device, written in place; never a
    pipe, which would wait for a reader), and is not the file `source` being read: writing
    there would replace the input."""
    if path.is_dir():
        raise ConfigError(f"--out {path} is a directory: give a file name")
    refuse_special(path)
    if source is not None and _same_file(path, Path(source)):
        raise ConfigError(f"--out {path} is the article being summarised: give another file name")
    if not path.exists() or path.is_file():
        check_directory(path.parent, path)


def refuse_special(path: Path) -> None:
    """A pipe or socket at `path` is refused before any work: opening a pipe to write waits
    for ever for a reader. A directory, a regular file and a device (/dev/null) are not
    refused here, nor this process's own stdout or stderr (/dev/stdout piped to `jq`)."""
    try:
        found = path.stat()
    except OSError:
        return  # absent (or unreachable: the write says why)
    if stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode) or stat.S_ISCHR(found.st_mode):
        return
    if any(_same_node(found, stream) for stream in (sys.stdout, sys.stderr)):
        return
    raise ConfigError(f"{path} is a pipe, socket or device, not a file: give a file name (or remove it)")


def _same_node(found: os.stat_result, stream: Any) -> bool:
    try:
        mine = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (mine.st_dev, mine.st_ino) == (found.st_dev, found.st_ino)


def refuse_special_entries(directory: Path) -> None:
    """No pipe or socket among the files of a directory the tool will write into."""
    if directory.is_dir():
        for entry in directory.iterdir():
            refuse_special(entry)


def lock_exclusive(path: Path, busy: str) -> int:
    """An exclusive lock on a file or directory, held until the returned descriptor is closed
    (or the process ends): two runs writing one place at once would replace each other's
    files. Another holder: a one-line ConfigError `busy`."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError as error:
        raise ConfigError(f"cannot write results to {path}: {error.strerror or error}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise ConfigError(busy) from None
    return handle


def _same_file(one: Path, other: Path) -> bool:
    """One file under two spellings (a symbolic link, `./a.txt`, a hard link): compared by
    what they point to, not by name; a path that does not exist is no file of the user's."""
    try:
        return one.is_file() and other.is_file() and os.path.samefile(one, other)
    except OSError:
        return False


# The mark in every HTML page the tool writes (results, batch index, eval report): what
# tells a page of ours, which a later run may replace, from a user's.
GENERATOR = b'<meta name="generator" content="summarizer'


def refuse_foreign(path: Path, written_here: Callable[[Path], bool], instead: str) -> None:
    """Before any work: a file at `path` that summarizer did not write is never replaced.
    (A device or a pipe there is written in place; a directory there fails the write.)"""
    if path.is_file() and not written_here(path):
        raise ConfigError(
            f"{path} exists and was not written by summarizer: refusing to replace it "
            f"(move it, or give another {instead})"
        )


def json_keys(path: Path) -> frozenset[str]:
    """The top-level keys of the JSON object in a file (read bounded: never a pipe or
    /dev/zero), or none if it is absent, unreadable or not a JSON object: how a result,
    an error record or a report tells itself from a user's file."""
    try:
        data = json.loads(read_file(path, JSON_FILE_LIMIT))
    except (InputError, *UNPARSABLE):
        return frozenset()
    return frozenset(data) if isinstance(data, dict) else frozenset()


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a regular file, to tell whether it is one of ours (b"" if unreadable)."""
    try:
        if not path.is_file():  # a pipe would hold the open forever
            return b""
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


class WriteFailed(SummarizerError, OSError):
    """A file could not be written (disk full, gone read-only): says which, and why.

    An OSError too, so a caller that keeps a result elsewhere on a failed write still does."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.message = f"cannot write {path}: {error.strerror or error}"

    def __str__(self) -> str:
        return self.message


def write_atomic(path: Path, text: str, keep: str = "") -> None:
    """Write next to the target, then rename: a reader sees the old file or the new one.

    Every file the tool writes comes through here, so secrets are masked here, once
    (`keep`: the article of a result, whose words stay verbatim; see `redact.redact`).
    """
    try:
        _write(path, redact(text, keep))
    except WriteFailed:
        raise
    except OSError as error:
        raise WriteFailed(path, error) from None


def _write(path: Path, text: str) -> None:
    if path.exists() and not path.is_file() and not path.is_dir():
        # /dev/null, a terminal, a pipe: renaming onto it would replace the device itself.
        # Not blocking: a pipe no one reads fails the write (ENXIO) instead of waiting for ever.
        handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(handle, True)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    # mkstemp makes the file private; a result file gets the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_json(path: Path, name: str) -> Any:
    """The JSON in a file the user named, or a one-line `ConfigError` that says which and why:
    "no such baseline: x.json", "the report x.json is not JSON (...)", "cannot read the
    report: x.json is a pipe, not a file" (read bounded: never /dev/zero into memory)."""
    if not path.exists():
        raise ConfigError(f"no such {name}: {path}")
    try:
        return json.loads(read_file(path, JSON_FILE_LIMIT))
    except InputError as error:
        raise ConfigError(f"cannot read the {name}: {error}") from None
    except UNPARSABLE as error:
        raise ConfigError(f"the {name} {path} is not JSON ({_parse_gist(error)})") from None


def _parse_gist(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deep"
    if isinstance(error, MemoryError):
        return "too large to read"
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__
