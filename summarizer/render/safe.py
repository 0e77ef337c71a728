"""Make a summary's text safe for the format it is shown in.

Everything in a summary comes from an article or a model, and either may be hostile: a
terminal escape (OSC 52 writes the clipboard, CSI 2J clears the screen) or raw HTML
(`<script>`, `onerror=`) must reach the reader as text, not as an action. The renderers
get a copy with every string cleaned, so no field can be forgotten. JSON needs nothing
(it escapes control characters) and the HTML view escapes with its template engine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

T = TypeVar("T")
# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
# bidirectional overrides that make text read differently from what it is.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """For a terminal: no control character, so no escape sequence (also every stderr line,
    through `redact.one_line`: a server's model id or error text is as hostile as an article)."""
    return _CONTROLS.sub("", text)


# Backslash first, so an escape in the text cannot undo ours. Brackets make every link and
# image ([x](javascript:...), ![](https://tracker/pixel.png), [x][1] with "[1]: url"); a
# bar ends a table cell.
_MARKDOWN_SYNTAX = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|"})


def markdown(text: str) -> str:
    """For Markdown: on one line, plain, HTML markup shown as text (`&lt;script&gt;`), no link or
    image syntax: a `javascript:` link or a remote image (a tracking pixel) is shown as the
    text it is, never made clickable or fetched."""
    return html.escape(plain(_one_line(text)), quote=False).translate(_MARKDOWN_SYNTAX)


# Every Markdown text is inline (a cell, an item, a heading): a line break in a file name or a
# config name would end the table row, or start a line of its own ("# HEADING").
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def cleaned(value: T, clean: Callable[[str], str]) -> T:
    """A copy of `value` (a model, list or dict, however nested) with every string cleaned."""
    from pydantic import BaseModel  # here: `plain` serves every stderr line, before pydantic loads

    if isinstance(value, Enum):
        return value  # a fixed vocabulary, not text from outside
    if isinstance(value, str):
        return clean(value)  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(update={name: cleaned(getattr(value, name), clean) for name in fields})
    if isinstance(value, list | tuple):
        return type(value)(cleaned(item, clean) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: cleaned(item, clean) for key, item in value.items()}  # type: ignore[return-value]
    return value
