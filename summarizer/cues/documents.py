"""Documents named by their own titles: a list item that is nothing but a title ("2.
Memorandum of Understanding on Cooperation in Agriculture, Fisheries and Related Fields
between ..."), and documents written in lower case: memoranda of understanding, an
instrument someone signs or joins ("signed a strategy for the development of energy
cooperation until 2030"), one known by its date ("the trilateral statement of 10 November,
2020")."""

from __future__ import annotations

import re

from .lexicon import MONTHS, SAYING, alternation

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


_INSTRUMENTS = r"agreement|treaty|strategy|programme|program|plan|roadmap|road\s+map|declaration|convention|accord|charter|protocol"
# The verb makes a lower-case phrase the title of one document: "an agreement" that is
# signed or joined exists, where "an agreement on trade" after "seek" is only a wish.
_ADOPTED = re.compile(
    r"\b(?:signed|adopted|approved|concluded|ratified|endorsed|joined|implement(?:ed|ing)|implementation\s+of)\s+"
    rf"(?:the\s+|a\s+|an\s+)?((?:[a-z][\w\-]*\s+){{0,2}}?(?:{_INSTRUMENTS})\s+(?:on|for|of)\s+(?:the\s+)?"
    r"[\w\-]+(?:\s+[\w\-]+){0,7}?)(?=[,.;]|\s+(?:and|which|that|to|in\s+order|at|by|was|were|is|with)\b)"
)
_MONTH = "|".join(MONTHS)
_DATED = re.compile(
    r"\b((?:[a-z]+\s+)?(?:statement|declaration|agreement|accord|communiqu[e\u00e9]|memorandum|resolution)\s+"
    rf"(?:of|dated|signed\s+on)\s+(?:\d{{1,2}}\s+(?:{_MONTH})|(?:{_MONTH})\s+\d{{1,2}})(?:,?\s+\d{{4}})?)"
)


# "his statement of 9 November": a person's own words, not a document between parties.
_OWN_WORDS = re.compile(r"\b(?:his|her|their|its|my|our)\s+$", re.IGNORECASE)


def instruments(text: str) -> list[tuple[str, str]]:
    """Lower-case documents made names by a verb of adoption or by their date."""
    return [
        (match.group(1), "agreement")
        for pattern in (_ADOPTED, _DATED)
        for match in pattern.finditer(text)
        if not _OWN_WORDS.search(text[: match.start(1)] + match.group(1).split()[0] + " ")
    ]
