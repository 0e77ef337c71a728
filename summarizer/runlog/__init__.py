"""The run log: every model exchange of `summarize` and `batch`, in SQLite in the user data
directory, for `summarizer logs` (what was asked and answered, at what cost) and for
replaying a run without a model (`summarize FILE --replay-log ID`).

`capture` sees the exchanges (one transport under the OpenAI client), `store` keeps them
(secrets masked, oldest runs pruned past a size bound). Writing the log never fails a
run: a log that cannot be written is one warning, and the run goes on unlogged.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

LOG_FILE = "runs.sqlite3"
DEFAULT_MAX_MB = 100.0
log = logging.getLogger(__name__)


def enabled(no_log: bool = False) -> bool:
    """On unless `--no-log` or SUMMARIZER_NO_LOG (any value but "", "0", "false", "no")."""
    return not no_log and os.environ.get("SUMMARIZER_NO_LOG", "").strip().lower() in ("", "0", "false", "no")


def log_path() -> Path:
    directory = os.environ.get("SUMMARIZER_DATA_DIR") or platformdirs.user_data_dir("summarizer")
    return Path(directory) / LOG_FILE


def max_bytes() -> int:
    """The size bound (SUMMARIZER_LOG_MAX_MB, default 100): past it the oldest runs go."""
    value = os.environ.get("SUMMARIZER_LOG_MAX_MB", "")
    try:
        megabytes = float(value) if value else DEFAULT_MAX_MB
    except ValueError:  # a typo here must not stop a run: the default bound, and say so
        log.warning(
            "SUMMARIZER_LOG_MAX_MB must be a number of megabytes, not %r: using %g", value, DEFAULT_MAX_MB
        )
        megabytes = DEFAULT_MAX_MB
    return int(max(megabytes, 0.0) * 1_000_000)
