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
    summary = _masked(summary, text)
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


def _masked(summary: Summary, text: str | None) -> Summary:
    """The summary with every secret masked in its own strings, before a renderer spells
    them its way (HTML entities, Markdown escapes, a table folding a long key over two
    lines), where a mask of the finished page would no longer see them. Its article's
    words are spared, as in the JSON result (`redact.redact`)."""
    from ..redact import redact  # not at the top: redact uses render.safe

    dumped = summary.model_dump_json()
    masked = redact(dumped, text or "")
    return summary if masked == dumped else type(summary).model_validate_json(masked)
