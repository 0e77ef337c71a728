"""Write a file whole or not at all, and know before the work that it can be written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import ConfigError, SummarizerError
from .redact import redact


def check_directory(directory: Path, named: Path) -> None:
    """Create and remove a file where results will go: fail now, not after the model ran."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise ConfigError(f"cannot write results to {named}: {error.strerror or error}") from None


def check_file(path: Path) -> None:
    """`path` can be written by `write_atomic` (or is a device or pipe, written in place)."""
    if path.is_dir():
        raise ConfigError(f"--out {path} is a directory: give a file name")
    if not path.exists() or path.is_file():
        check_directory(path.parent, path)


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
        with path.open("w", encoding="utf-8") as out:
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
    "no such baseline: x.json", "the report x.json is not JSON (...)"."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no such {name}: {path}") from None
    except OSError as error:
        raise ConfigError(f"cannot read the {name} {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise ConfigError(f"the {name} {path} is not JSON ({error})") from None
