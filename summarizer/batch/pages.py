"""The page a batch writes beside each result (--format md, table or html), and how the
batch tells its own page from a user's file of the same name.

A page of ours carries a mark: the generator meta of every HTML page, or, in Markdown, an
HTML comment on its first line (which Markdown shows as nothing). A page an earlier version
wrote without a mark is ours if it is exactly the page of the result beside it. Anything
else at that name is the user's: never replaced, and never taken as the result's page.
"""

from __future__ import annotations

from pathlib import Path

from ..bounded import JSON_FILE_LIMIT, read_file
from ..errors import InputError
from ..files import GENERATOR, read_head
from ..render import Format, render
from ..schemas import Summary

PAGE_MARK = "<!-- generator: summarizer batch (the next batch into this directory replaces this file) -->"


def page_text(summary: Summary, fmt: Format, text: str | None) -> str:
    page = render(summary, fmt, text=text)
    return f"{PAGE_MARK}\n{page}" if fmt is Format.md else page


def page_is_ours(page: Path, fmt: Format) -> bool:
    """`page` (which exists) was written by a batch: its mark, or the page of its result."""
    head = read_head(page)
    if fmt is Format.html:
        return GENERATOR in head
    if head.startswith(PAGE_MARK.encode()):
        return True
    try:  # an earlier version's page: no mark, but the very page of the result beside it
        summary = Summary.model_validate_json(read_file(page.with_suffix(".json"), JSON_FILE_LIMIT))
        return read_file(page, JSON_FILE_LIMIT) == render(summary, fmt).encode("utf-8")
    except (InputError, ValueError):
        return False
