"""Turn a saved web page into article text (trafilatura keeps the main text, drops menus)."""

from __future__ import annotations

import re

from .errors import InputError

_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|script|meta|li|ul)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff")  # a byte-order mark does not hide a page
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 8


def extract_html_text(html: str, source: str) -> str:
    import trafilatura

    title = None
    metadata = trafilatura.extract_metadata(html)
    if metadata is not None:
        title = metadata.title
    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not body or not body.strip():
        raise InputError(
            f"{source} is an HTML page with no article text that could be extracted; "
            "save the article as plain text and try again"
        )
    # Paragraphs are one line each in trafilatura's output; blank lines keep them apart
    # for the sentence splitter, as in a plain-text article.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    return f"# {title}\n\n{body}\n" if title else body + "\n"
