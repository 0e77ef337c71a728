"""Documents named by their own titles: a list item that is nothing but a title ("2.
Memorandum of Understanding on Cooperation in Agriculture, Fisheries and Related Fields
between ..."), and memoranda of understanding written in lower case."""

from __future__ import annotations

import re

from .lexicon import SAYING, alternation

_MOU = re.compile(
    r"\bmemorand(?:um|a) of understanding\s+(?:on|for|between|with|regarding|concerning)\s+"
    r"(?:(?!and\b|to\b|that\b|which\b|in order\b|during\b|at\b|by\b|was\b|were\b|is\b)[\w\-']+\s*){1,8}",
    re.IGNORECASE,
)


# A list item that is nothing but a document's title ("2. Memorandum of Understanding on
# Cooperation in Agriculture, Fisheries and Related Fields between ..."): the title is the
# whole item, commas and all, and the ministries in it are its parties, not names.
_DOCUMENT_TITLE = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]\s*|[-\u2022*\u25aa\u25ab\u25cf]\s*)?"
    r"((?:Memorandum of Understanding|Memorandum|Agreement|Treaty|Protocol|Convention|Accord|"
    r"Exchange of Notes|Letter of Intent)\s+(?:on|for|between|of|concerning|regarding|with|to)\s.*?)"
    r"[.;]?\s*$"
)
# A verb makes the item a sentence about a document, not its title.
_FINITE_VERB = re.compile(
    rf"\b(?:{alternation(('is', 'are', 'was', 'were', 'will', 'would', 'has', 'have', 'had', 'shall', 'signed'), SAYING)})\b"
)
TITLE_MAX_WORDS = 60


def document_title(text: str) -> str | None:
    match = _DOCUMENT_TITLE.match(text)
    if match is None or _FINITE_VERB.search(match.group(1)) or len(text.split()) > TITLE_MAX_WORDS:
        return None
    return match.group(1)


def memoranda(text: str) -> list[tuple[str, str]]:
    """Lower-case memoranda: "memorandum of understanding on BRICS cybersecurity cooperation"."""
    return [(match.group(0).strip(), "agreement") for match in _MOU.finditer(text)]
