"""Read the speaker's office from the text around their name.

"Chinese Foreign Minister Wang Yi" gives "Foreign Minister" (the nationality dropped);
"Wang Yi, director of the Office of the Central Commission for Foreign Affairs, said"
gives the appositive. The model is asked too, but a small model fills gaps from memory
("Foreign Minister" for an article that says "director"): the article's words win.
"""

from __future__ import annotations

import re

from .lexicon import FUNCTION_WORDS, OFFICES, PROPOSAL_NOUNS, PUTTING_FORWARD, SPEECH, WEEKDAYS, alternation

_OFFICE = re.compile(rf"\b(?:{OFFICES})\b", re.IGNORECASE)
# Words a capitalised run holds after a name: "Foreign Minister Shares Proposals With ...",
# "Foreign Minister Ana Ruiz Monday shared".
_ENDS_NAME = re.compile(
    rf"(?i:{'|'.join(FUNCTION_WORDS)}|{alternation(PROPOSAL_NOUNS)})|{'|'.join(WEEKDAYS)}"
)
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


# Words that make a name an organisation's ("the Russian Foreign Ministry said") or an
# event's ("the International Islamic Unity Conference"): not a person's.
ORGANISATION = re.compile(
    r"\b(?:Ministry|Ministries|Office|Department|Agency|Government|Council|Committee|Commission|News|"
    r"Embassy|Secretariat|Administration|Party|Union|Organi[sz]ation|Service|Press|"
    r"Conference|Summit|Forum|Meeting|Assembly|Congress|Session)\b"
)


def is_office(name: str) -> bool:
    """ "Kazakh President": an office (with a nationality), not a person's name."""
    return any(_OFFICE.fullmatch(word) for word in name.split())


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
    return re.sub(r"['\u2019]s$", "", " ".join(words))  # "Ruiz's proposal": the owner's name


_SPEAKS = re.compile(
    r"\b((?:[A-Z][\w'\-]+\s+){0,3}[A-Z][\w'\-]+)(?:,[^,]{1,80},)?\s+"
    rf"(?:also\s+|on\s+\w+\s+|(?:{'|'.join(WEEKDAYS)})\s+)?(?:has\s+|had\s+)?"
    rf"(?:{alternation(SPEECH)})\b"
)
_NOT_PEOPLE = {
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "This",
    "That",
    "China",
    "Chinese",
    "Officials",
    *WEEKDAYS,
}


def speaking_people(headline: str | None, text: str) -> list[str]:
    """People the article has speak, most attributions first ("Keller said" x3 -> Keller);
    a name in the headline counts double. Each as its fullest form in the text."""
    counts: dict[str, int] = {}
    for match in _SPEAKS.finditer(text):
        words = [w for w in match.group(1).split() if w not in _NOT_PEOPLE and not _OFFICE.fullmatch(w)]
        if words:
            counts[words[-1]] = counts.get(words[-1], 0) + 1
    for surname in counts:
        if headline and re.search(rf"\b{re.escape(surname)}\b", headline):
            counts[surname] *= 2
    people: list[str] = []
    for surname, _ in sorted(counts.items(), key=lambda item: -item[1]):
        name = _full_name(surname, text)
        if name not in people:
            people.append(name)
    return people


# "President Ruiz's new four-point proposal": a possessive before the proposal it owns.
_OWNS_PROPOSAL = re.compile(rf"['\u2019]s\s+(?:[\w-]+\s+){{0,3}}?(?i:{alternation(PROPOSAL_NOUNS)}|plan)\b")
_INTRODUCED = re.compile(
    # "President of Kazakhstan, Kassym-Jomart Tokayev": the office's country before the name.
    rf"\b(?:{OFFICES})(?:\s+of\s+(?:the\s+)?[A-Z][\w'\-]+,)?\s+"
    r"((?:[A-Z][\w'\-]+\s+){1,2}[A-Z][\w'\-]+|[A-Z][\w'\-]+\s+[A-Z][\w'\-]+)"
)


def introduced_people(text: str) -> list[str]:
    """People the text introduces by office ("Foreign Minister Jeyhun Bayramov has had a
    call"), whether or not it has them speak: a readout's lede often does not."""
    found = []
    for match in _INTRODUCED.finditer(text):
        if _OWNS_PROPOSAL.match(text, match.end() - 2) or _OWNS_PROPOSAL.match(text, match.end()):
            continue  # "support President Ruiz's proposal": its owner, not the one who speaks
        words = match.group(1).split()
        while words and _OFFICE.fullmatch(words[0]):
            words = words[1:]
        # A title-case headline runs on past the name: "Foreign Minister Shares Proposals With".
        cut = next((n for n, w in enumerate(words) if _ENDS_NAME.fullmatch(w)), None)
        words = words[:cut]
        if len(words) >= 2 and " ".join(words) not in found:
            found.append(" ".join(words))
    return found


def _full_name(word: str, text: str) -> str:
    """The commonest two- or three-word form of a name around one of its words, without
    the office: "Wang" -> "Wang Yi", "Keller" -> "Anna Keller"."""
    # The lookbehind lets a match start only where a word starts: inside one very long
    # "word" every start would otherwise rescan it (quadratic time).
    pattern = rf"(?<![\w'\-])(?:[A-Z][\w'\-]+\s+){{0,3}}\b{re.escape(word)}\b(?:\s+[A-Z][\w'\-]+){{0,2}}"
    forms: dict[str, int] = {}
    for match in re.finditer(pattern, text):
        words = [w for w in clean_name(match.group(0), text).split() if w not in _NOT_PEOPLE]
        if len(words) >= 3 and text[: match.start()].endswith(" of "):
            words = words[1:]  # "Speaker of Kazakhstan Kassym Tokayev": the place is not the name
        if 2 <= len(words) <= 4 and word in words:
            form = " ".join(words)
            forms[form] = forms.get(form, 0) + 1
    return max(forms, key=lambda f: (forms[f], -len(f))) if forms else word


_PROPOSES = re.compile(rf"\b(?:{alternation(PUTTING_FORWARD)})\b", re.IGNORECASE)
# A headline's subject, just before its verb: "Chinese President Xi Jinping proposes ...",
# "Nazarbayev proposes holding ...".
# The lookbehind lets a match start only where a word starts, and only the words just before
# the verb are searched: inside one very long "word" every start would rescan it.
_SUBJECT = re.compile(r"(?<![\w'\-])((?:[A-Z][\w'\-]+\s+){0,3}[A-Z][\w'\-]+)\s+(?:also\s+|has\s+)?$")
SUBJECT_REACH = 120  # characters before the verb that can hold its subject


def headline_proposer(headings: list[str], text: str) -> str | None:
    """The person a headline has propose ("Nazarbayev proposes holding a meeting - Kazakh
    FM"): on every development set, whoever a headline has propose is the principal speaker,
    even where the body has someone else relay it. Only a person: a full name the article
    gives in its body (a title-case headline runs on past a name), not a country, an office
    or initials ("Iran FM proposes", "Minsk proposes")."""
    for heading in headings:
        verb = _PROPOSES.search(heading)
        subject = (
            _SUBJECT.search(heading[max(0, verb.start() - SUBJECT_REACH) : verb.start()]) if verb else None
        )
        if subject is None:
            continue
        words = [w for w in subject.group(1).split() if w not in _NOT_PEOPLE and not _OFFICE.fullmatch(w)]
        if not words or words[-1].isupper() or len(words[-1]) < 3:
            continue
        name_words = _full_name(words[-1], text).split()
        name = " ".join(
            name_words[: next((n for n, w in enumerate(name_words) if _PROPOSES.fullmatch(w)), None)]
        )
        person = len(name.split()) >= 2 and not any(w.isupper() for w in name.split())
        if person and not ORGANISATION.search(name) and not is_office(name):
            return name
    return None
