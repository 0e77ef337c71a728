"""Turn a `Summary` into what people read: JSON, Markdown, a terminal table, HTML."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI names formats before it loads the schemas
    from ..schemas import Summary


class Format(StrEnum):
    json = "json"
    md = "md"
    table = "table"
    html = "html"


def render(summary: Summary, fmt: Format, text: str | None = None, width: int = 80) -> str:
    """`text` is the article as read: the HTML view shows it beside the summary."""
    if fmt is Format.json:
        return summary.model_dump_json(indent=2) + "\n"
    if fmt is Format.md:
        from .markdown import to_markdown
        from .safe import cleaned, markdown

        return to_markdown(cleaned(summary, markdown))
    if fmt is Format.table:
        from .safe import cleaned, plain
        from .table import to_table

        return to_table(cleaned(summary, plain), width=width)
    from .html import to_html

    if text is None:
        raise ValueError("the HTML view needs the article text")
    return to_html(summary, text)
