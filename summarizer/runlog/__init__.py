"""The run log: every model exchange of `summarize` and `batch`, in SQLite in the user data
directory, for `summarizer logs` (what was asked and answered, at what cost) and for
replaying a run without a model (`summarize FILE --replay-log ID`).

`capture` sees the exchanges (one transport under the OpenAI client), `store` keeps them
(secrets masked, oldest runs pruned past a size bound). Writing the log never fails a
run: a log that cannot be written is one warning, and the run goes on unlogged.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import platformdirs

from ..errors import ConfigError

LOG_FILE = "runs.sqlite3"
DEFAULT_MAX_MB = 100.0


def enabled(no_log: bool = False) -> bool:
    """On unless `--no-log` or SUMMARIZER_NO_LOG (any value but "", "0", "false", "no").

    When on, its size bound is checked now, before any model is started or called."""
    on = not no_log and os.environ.get("SUMMARIZER_NO_LOG", "").strip().lower() in ("", "0", "false", "no")
    if on:
        max_bytes()
    return on


def log_path() -> Path:
    directory = os.environ.get("SUMMARIZER_DATA_DIR") or platformdirs.user_data_dir("summarizer")
    return Path(directory) / LOG_FILE


def max_bytes() -> int:
    """The size bound (SUMMARIZER_LOG_MAX_MB, default 100): past it the oldest runs go.

    Anything but a finite positive number is refused (exit 2): `inf` or `-1` would read as
    "no bound" or "keep nothing", and a typo should not silently become the default."""
    value = os.environ.get("SUMMARIZER_LOG_MAX_MB", "").strip()
    try:
        megabytes = float(value) if value else DEFAULT_MAX_MB
    except ValueError:
        megabytes = math.nan
    # Checked in bytes: 1e308 megabytes is a finite number but no finite count of bytes.
    if not (megabytes > 0 and math.isfinite(megabytes * 1_000_000)):  # also refuses NaN
        raise ConfigError(f"SUMMARIZER_LOG_MAX_MB must be a positive number of megabytes, not {value!r}")
    return int(megabytes * 1_000_000)
