"""Keep API keys out of everything the tool prints or writes.

Keys are registered once, where they are read; `redact()` is applied to error messages,
and `RedactingFilter` to every log record, so no path can leak one by accident.
"""

from __future__ import annotations

import logging

_SECRETS: set[str] = set()
MASK = "***"


def register_secret(value: str | None) -> None:
    # Short values ("x", "none") would mask ordinary words and are no secret anyway.
    if value and len(value) >= 8:
        _SECRETS.add(value)


def redact(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            record.msg = redact(record.getMessage())
            record.args = None
        return True
