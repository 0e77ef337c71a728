"""Write results: to stdout, or to a file atomically (never half-written)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import SummarizerError
from ..files import write_atomic
from ..redact import write_result


def emit(text: str, out: Path | None, article: str = "") -> None:
    """To `out` if given, else stdout. If the file cannot be written, the result still
    goes to stdout before the error is reported: a finished result is never lost.
    Secrets are masked, but not the words of `article` (the result's evidence is verbatim)."""
    if out is None:
        write_result(sys.stdout, text, article)
        sys.stdout.flush()
        return
    try:
        write_atomic(out, text, article)
    except OSError as error:
        write_result(sys.stdout, text, article)
        sys.stdout.flush()
        raise SummarizerError(
            f"cannot write {out}: {error.strerror or error}; the result was printed to stdout instead"
        ) from None
