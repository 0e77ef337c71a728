"""Turn a saved web page into article text (trafilatura keeps the main text, drops menus)
and read its headline and publication date from the page's metadata."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import InputError

_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|script|meta|li|ul)\b", re.IGNORECASE)


# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as Windows-1252,
# and so is one labelled x-user-defined (WHATWG HTML, "prescan": the label is turned into
# windows-1252 there).
_BROWSER_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-user-defined": "cp1252",
}
# A meta tag read as ASCII bytes cannot be in a UTF-16 (or UTF-32) page: WHATWG HTML reads a
# page so labelled as UTF-8 (a real UTF-16 page has a byte-order mark, and that wins), as if
# it declared nothing: UTF-8, the default, with its hint when the bytes are not.
_NOT_AS_DECLARED = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if it is one Python knows.

    Only for a page with no byte-order mark (a BOM wins, as in browsers)."""
    import codecs

    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    if not looks_like_html(head.decode("latin-1")) or not (match := _CHARSET.search(head)):
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _BROWSER_ALIASES:
        return _BROWSER_ALIASES[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return None if codec in _NOT_AS_DECLARED else label


def looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff")  # a byte-order mark does not hide a page
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 8


@dataclass(frozen=True)
class Page:
    text: str  # the article text, with the page's title as a "# headline" line
    published: dt.date | None = None


def extract_html_text(html: str, source: str) -> Page:
    import trafilatura

    # Not extensive: the date comes from the page's metadata (meta tags, JSON-LD, <time>,
    # the canonical URL), never from a date the article's prose mentions.
    metadata = trafilatura.extract_metadata(html, extensive=False)
    title = metadata.title if metadata is not None else None
    published = _date(metadata.date) if metadata is not None else None
    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not body or not body.strip():
        raise InputError(
            f"{source} is an HTML page with no article text that could be extracted; "
            "save the article as plain text and try again"
        )
    # Paragraphs are one line each in trafilatura's output; blank lines keep them apart
    # for the sentence splitter, as in a plain-text article.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    return Page(f"# {title}\n\n{body}\n" if title else body + "\n", published)


def _date(value: str | None) -> dt.date | None:
    """trafilatura gives YYYY-MM-DD; anything else is no date rather than a wrong one."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
