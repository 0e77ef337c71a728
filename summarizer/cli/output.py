"""Write results: to stdout, or to a file atomically (never half-written)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..errors import SummarizerError


def write_atomic(path: Path, text: str) -> None:
    """Write next to the target, then rename: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
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


def emit(text: str, out: Path | None) -> None:
    """To `out` if given, else stdout. If the file cannot be written, the result still
    goes to stdout before the error is reported: a finished result is never lost."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(out, text)
    except OSError as error:
        sys.stdout.write(text)
        sys.stdout.flush()
        raise SummarizerError(
            f"cannot write {out}: {error.strerror or error}; the result was printed to stdout instead"
        ) from None
