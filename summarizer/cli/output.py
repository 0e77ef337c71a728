"""Write results: to stdout, or to a file atomically (never half-written)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import SummarizerError
from ..files import write_atomic


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
