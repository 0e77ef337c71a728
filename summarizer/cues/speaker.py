"""Read the speaker's office from the text around their name.

"Chinese Foreign Minister Wang Yi" gives "Foreign Minister" (the nationality dropped);
"Wang Yi, director of the Office of the Central Commission for Foreign Affairs, said"
gives the appositive. The model is asked too, but a small model fills gaps from memory
("Foreign Minister" for an article that says "director"): the article's words win.
"""

from __future__ import annotations

import re

OFFICES = (
    r"President|Premier|Minister|Councilor|Councillor|Secretary|Secretary-General|Chancellor|"
    r"Director|Chairman|Chairwoman|Chairperson|Chair|King|Queen|Emir|Prince|Sultan|Ambassador|"
    r"Envoy|Spokesperson|Spokesman|Spokeswoman|Governor|Mayor|Commissioner|Representative|"
    r"Advis[eo]r|Head|Leader|Vice|Deputy|Speaker|Member"
)
_OFFICE = re.compile(rf"\b(?:{OFFICES})\b", re.IGNORECASE)
_CAPITALISED_BEFORE = re.compile(r"((?:[A-Z][\w\-']*|and|of|for)(?:\s+(?:[A-Z][\w\-']*|and|of|for))*)\s+$")
_APPOSITIVE = re.compile(r"\s*,\s*(?:also\s+)?(?:the\s+)?([^,;()\n]{3,120}?)\s*,")


def _before(text: str, start: int) -> str | None:
    match = _CAPITALISED_BEFORE.search(text[max(0, start - 120) : start])
    if not match:
        return None
    words = match.group(1).split()
    offices = [n for n, w in enumerate(words) if _OFFICE.fullmatch(w)]
    if not offices:
        return None
    # Drop what precedes the first office word: a nationality or a country ("Chinese").
    first = offices[0]
    if first > 0 and words[first - 1] in {
        "Foreign",
        "Prime",
        "State",
        "Vice",
        "Deputy",
        "Defence",
        "Defense",
    }:
        first -= 1
    title = " ".join(words[first:]).strip()
    return title.removesuffix(" and").removesuffix(" of") or None


def _after(text: str, end: int) -> str | None:
    match = _APPOSITIVE.match(text, end)
    if match and _OFFICE.search(match.group(1)):
        return match.group(1).strip()
    return None


def office_of(name: str | None, text: str) -> str | None:
    """The first office the article gives the speaker, in its own words, if any."""
    if not name:
        return None
    for match in re.finditer(re.escape(name), text):
        title = _before(text, match.start()) or _after(text, match.end())
        if title:
            return title
    return None


def clean_name(name: str, text: str) -> str:
    """The name as the article writes it, without the office the model put in front.

    "kazakh president kassym-jomart tokayev" -> "Kassym-Jomart Tokayev".
    """
    name = " ".join(name.split())
    match = re.search(re.escape(name), text, re.IGNORECASE)
    if match:
        name = match.group(0)
    words = name.split()
    offices = [n for n, w in enumerate(words) if _OFFICE.fullmatch(w)]
    if offices and offices[-1] < len(words) - 1:
        words = words[offices[-1] + 1 :]
    return " ".join(words)
