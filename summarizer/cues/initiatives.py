"""Find named initiatives, strategies, plans, agreements ... by their shape.

A name is a run of capitalised words (with "of", "on", "for", "and" ... between them)
that holds a head noun such as Initiative, Strategy, Plan, Agreement, Treaty, Fund, or
Working Group: "Global Initiative on Data Security", "Treaty of Amity and Cooperation in
Southeast Asia", "Dakar Action Plan (2022-2024)". Two names joined by "and" are split;
meetings and organisations ("Belt and Road Forum" after an ordinal, "... Summit") are not
names of initiatives. Lower-case instruments are caught by their own pattern
("memorandum of understanding on BRICS cybersecurity cooperation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sentences import Sentence
from .capitalised import CONNECTORS, capitalised_runs
from .documents import document_title, instruments, memoranda
from .informal_names import informal_names
from .lexicon import MONTHS, OFFICES, ORDINALS, WEEKDAYS

HEADS: dict[str, str] = {
    "initiative": "initiative", "initiatives": "initiative",
    "strategy": "strategy",
    "plan": "plan", "programme": "plan", "program": "plan", "roadmap": "plan",
    "agenda": "plan", "blueprint": "plan", "map": "plan",
    "agreement": "agreement", "treaty": "agreement", "memorandum": "agreement",
    "convention": "agreement", "declaration": "agreement", "accord": "agreement",
    "charter": "agreement", "protocol": "agreement",
    "mechanism": "mechanism", "group": "mechanism", "forum": "mechanism",
    "dialogue": "mechanism", "consultation": "mechanism", "fund": "mechanism", "platform": "mechanism",
    "partnership": "mechanism", "panel": "mechanism", "network": "mechanism",
    "alliance": "other", "corridor": "other", "facility": "other", "compact": "other",
    "pact": "other", "outlook": "other", "consensus": "other", "statement": "other",
    "framework": "other", "mission": "other", "code": "other", "call": "other",
    "year": "other", "area": "other", "zone": "other",
}  # fmt: skip
# Heads that name an initiative only in a fixed phrase.
_PHRASE_HEADS = {
    "group": re.compile(r"\b(?:Working|Contact|Vision|Expert|Study|Advisory|Eminent Persons) Group\b"),
    "map": re.compile(r"\bRoad Map\b"),
    "area": re.compile(r"\bFree Trade Area\b"),
    "zone": re.compile(r"\bFree(?:-| )Trade Zone\b|\bWeapon-Free Zone\b"),
    "year": re.compile(r"\bYear of\b"),
    "code": re.compile(r"\bCode (?i:of) Conduct\b"),  # "the Code Of Conduct framework" too
    "call": re.compile(r"\bCall to Action\b"),
}
_TAIL_START = {"of", "on", "for", "in", "against", "to", "until", "with", "among", "between"}
_LEADING_NOISE = {
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "under", "with", "in", "on", "at", "for", "as", "by", "from", "to", "through", "since",
    "after", "before", "during", "and", "but", "both", "such", "also", "meanwhile", "while",
    "via", "of", "first", "second", "third", "last", "next",
}  # fmt: skip
_NOT_INITIATIVES = {
    "summit", "meeting", "conference", "council", "committee", "secretariat", "ministers",
    "bank", "organization", "organisation", "office", "university", "center", "centre",
    "session", "assembly", "ministry", "department", "union", "association",
}  # fmt: skip
# A meeting "of" a name is not part of it ("Summit of the Forum on ..."); a body "of" one
# may be a name of its own ("International Centre of Excellence on ...").
_MEETINGS = {"summit", "meeting", "conference", "session", "assembly", "ministers", "council"}
# Organisations whose names end like an initiative's.
KNOWN_ORGANISATIONS = {
    "internationalmonetaryfund", "worldeconomicforum", "boaoforumforasia",
    "internationalfundforagriculturaldevelopment", "unitednationschildrensfund",
    "worldwidefundfornature", "unitednationspopulationfund", "globalenvironmentfacility",
}  # fmt: skip
_MONTH_NAMES = set(MONTHS)
_WEEKDAYS = set(WEEKDAYS)
_ORDINAL_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)$")
_YEARS = re.compile(r"\s*\(\d{4}\s*[-\u2013]\s*\d{4}\)")
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)")  # "Astana International Financial Center (AIFC)"
# Bodies that name an initiative only where the speaker proposes them ("establish an
# Islamic States Union", "creation of a G20 Virtual Secretariat"); elsewhere "Union" or
# "Committee" ends the name of an organisation that exists.
PROPOSED_BODIES = {
    "committee": "mechanism", "commission": "mechanism", "secretariat": "mechanism", "center": "mechanism",
    "centre": "mechanism", "community": "initiative", "index": "other",
}  # fmt: skip
# A union is a proposal's only when the proposal creates it ("establish an 'Islamic States
# Union'"): in a proposal to work with the African Union, the union exists.
_CREATES = re.compile(
    r"\b(?:establish\w*|creat\w*|form(?:ed|ing|ation)?|set\s+up|launch\w*)\b[^.;]{0,30}$", re.I
)


@dataclass(frozen=True)
class InitiativeCandidate:
    name: str
    kind: str
    sentences: tuple[int, ...]  # every sentence that names it, in order


def _head(token: str) -> str | None:
    return token.lower() if token.lower() in HEADS else None


def _split_on_and(span: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    words = [t.group() for t in span]
    for n, word in enumerate(words):
        joins_two_names = (
            0 < n < len(words) - 1 and _head(words[n - 1]) and any(_head(w) for w in words[n + 1 :])
        )
        if word == "and" and joins_two_names:
            return [span[:n], *_split_on_and(span[n + 1 :])]
    return [span]


def _trim(span: list[re.Match[str]]) -> list[re.Match[str]]:
    words = [t.group() for t in span]
    # "African Union's Agenda 2063": the name starts after the owner.
    owner = max((n for n, w in enumerate(words) if w.endswith(("'s", "\u2019s"))), default=-1)
    # "2024 Summit of the Forum on China-Africa Cooperation": the name follows the meeting.
    meeting = max(
        (n for n, w in enumerate(words[:-1]) if w.lower() in _MEETINGS and words[n + 1] == "of"),
        default=-1,
    )
    span = span[max(owner, meeting) + 1 :]
    while span and (span[0].group().lower() in _LEADING_NOISE or span[0].group() in CONNECTORS):
        span = span[1:]
    # A tail that only says when or where is not part of the name: "... Charter in 1945",
    # "... Initiative in March", "... Charter in San Francisco" (right after the head).
    words = [t.group() for t in span]
    for n in range(1, len(words) - 1):
        when = words[n + 1] in _MONTH_NAMES or words[n + 1] in _WEEKDAYS or words[n + 1].isdigit()
        # (Except a mission's: "Special Monitoring Mission in Ukraine" is where it serves.)
        where = words[n] in ("in", "at") and words[n - 1].lower() != "mission"
        where = where and bool(_head(words[n - 1]) or words[n - 1].lower() in PROPOSED_BODIES)
        adverbial = (words[n] in ("in", "on", "at") and when) or where
        if adverbial:
            span = span[:n]
            break
    while span and span[-1].group() in CONNECTORS:
        span = span[:-1]
    return span


def _head_word(words: list[str]) -> str:
    """The last word before the name's "of/on/for ..." tail."""
    tail = next((n for n, w in enumerate(words) if w in _TAIL_START and n > 0), len(words))
    return words[tail - 1]


def _abbreviates(acronym: str, name: str) -> bool:
    """ "(AIFC)" after "Astana International Financial Center", not "(ECO)" after "Political
    Forum of the Economic Cooperation Organization": the acronym's letters, in order, from
    the name's first letter on."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    rest = iter(name.upper())
    return bool(letters) and letters[0] == name[:1].upper() and all(c in rest for c in letters)


def _kind(words: list[str], name: str) -> str | None:
    """The kind from the name's head noun: the last head before any "of/on/for" tail.

    A head that only stands in the tail ("Uniting for Consensus") does not make a name.
    """
    tail = next((n for n, w in enumerate(words) if w in _TAIL_START and n > 0), len(words))
    for word in reversed(words[:tail]):
        head = _head(word)
        if head and (head not in _PHRASE_HEADS or _PHRASE_HEADS[head].search(name)):
            return HEADS[head]
    return None


def _names_in(sentence: Sentence, proposed: bool) -> list[tuple[str, str]]:
    """(name, kind) pairs in a sentence; `proposed`: it holds one of the speaker's proposals."""
    text = sentence.text
    if title := document_title(text):
        return [(title, "agreement")]
    found = []
    for raw in capitalised_runs(text):
        for part in _split_on_and(raw):
            span = _trim(part)
            named = _name_of(span, raw, text, proposed)
            # "Priority for the ASEAN Economic Community": where the head before the tail
            # names nothing, the tail may be a name of its own.
            tail = next((n for n, t in enumerate(span) if t.group() in _TAIL_START and n > 0), None)
            if named is None and tail is not None:
                named = _name_of(_trim(span[tail + 1 :]), raw, text, proposed)
            if named is not None:
                found.append(named)
    return found + memoranda(text) + instruments(text) + informal_names(text)


_BY_OFFICE = re.compile(rf"\bof\s+(?:the\s+)?(?i:{OFFICES})\b")


def _name_of(
    span: list[re.Match[str]], raw: list[re.Match[str]], text: str, proposed: bool
) -> tuple[str, str] | None:
    """The (name, kind) a trimmed run of capitalised words makes, if it names an initiative."""
    if len(span) < 2:
        return None
    words = [t.group() for t in span]
    quote = len(words[-1]) - len(words[-1].rstrip("'\u2019"))  # "an 'Islamic States Union'"
    words[-1] = words[-1][: len(words[-1]) - quote]
    # The head noun stands before any "of/for" tail: "Regional Center for Technologies
    # ... in Central Asia" is a centre, "Political Forum of the ... Organization" a forum.
    head = _head_word(words).lower()
    body = PROPOSED_BODIES.get(head) if proposed else None
    if proposed and head == "union" and _CREATES.search(text[: span[0].start()][-40:]):
        body = "mechanism"  # "establish an 'Islamic States Union'"; not the African Union
    if (head in _NOT_INITIATIVES and body is None) or (
        head == "statement" and _BY_OFFICE.search(" ".join(words))
    ):
        return None  # "Statement of the Chairperson of ...": what a person said, not a document
    start, end = span[0].start(), span[-1].end() - quote
    if years := _YEARS.match(text, end):
        end = years.end()
    core = text[start:end]  # "International Monetary Fund (IMF)" is the Fund, an organisation
    if (acronym := _ACRONYM.match(text, end)) and _abbreviates(acronym.group(), text[start:end]):
        end = acronym.end()
    name = text[start:end]
    kind = body or _kind(words, name)
    if kind is None or normalise(core) in KNOWN_ORGANISATIONS or _generic(words, text[: span[0].start()]):
        return None
    before = text[: raw[0].start()].split()[-1:] + [w.group() for w in raw[: raw.index(span[0])]]
    if "Forum" in words and any(w.lower() in ORDINALS or _ORDINAL_NUMBER.match(w) for w in before):
        return None  # "the third Belt and Road Forum" is a meeting
    return name, kind


# Words of a document's kind, not of its name: "a Memorandum of Understanding" is any one.
_GENERIC_WORDS = {"memorandum", "understanding", "free", "trade", "action", "mou", "fta"}


def _generic(words: list[str], before: str) -> bool:
    """A kind of document after "a"/"an", with no word of a name of its own."""
    plain = [w.lower() for w in words if w not in CONNECTORS and w.lower() not in _TAIL_START]
    return bool(re.search(r"\b(?:a|an)\s*$", before)) and all(w in _GENERIC_WORDS or _head(w) for w in plain)


def _merge_tails(names: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """ "Nairobi Declaration" told again after "African Leaders Nairobi Declaration" is
    that one: a name of two words or more that ends another found name is dropped, unless
    what the longer one adds holds a head noun of its own ("Action Plan for ... and The
    Memorandum of ...": two names run together, the second of them a real one)."""

    def is_tail(short: str, longer: str) -> bool:
        if len(short.split()) < 2 or len(longer) <= len(short) or not longer.lower().endswith(short.lower()):
            return False
        return not any(_head(word) for word in longer[: -len(short)].split())

    return {
        key: (name, kind)
        for key, (name, kind) in names.items()
        if not any(is_tail(name, other) for other, _ in names.values())
    }


def normalise(name: str) -> str:
    """Compare names case-, space- and hyphen-blind, without "the" ("Forum of Economic
    Cooperation Organization" in a headline is the body's "Forum of the Economic ...")."""
    name = re.sub(r"\bthe\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def _without_the(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", re.sub(r"\b[Tt]he\s+", "", text))


def hosts(name: str, event: str | None) -> bool:
    """The grouping that holds the event is its host, not an initiative cited there: the
    "Group of 20" at a "G20 summit" (its name or its initials and numbers in the event)."""
    if not event:
        return False
    words = re.findall(r"[A-Za-z0-9]+", name)
    initials = "".join(w[0] for w in words if w[0].isupper()) + "".join(w for w in words if w.isdigit())
    return normalise(name) in normalise(event) or (
        len(initials) >= 2 and initials in re.findall(r"[A-Za-z0-9]+", event)
    )


def find_initiatives(
    sentences: list[Sentence], proposing: frozenset[int] = frozenset()
) -> list[InitiativeCandidate]:
    """Named initiatives in article order, one per name, with every sentence naming it.
    `proposing`: the sentences that hold the speaker's proposals."""
    names: dict[str, tuple[str, str]] = {}
    for sentence in sentences:
        for name, kind in _names_in(sentence, sentence.id in proposing):
            names.setdefault(normalise(name), (name, kind))
    names = _merge_tails(names)
    found = []
    # The headline's "Forum of Economic ..." is the body's "Forum of the Economic ...";
    # case counts ("the cybersecurity working groups" are not the Working Group). Each
    # sentence's compared form is made once, not once per name.
    compared = [(s.id, s.text, _without_the(s.text)) for s in sentences]
    for name, kind in names.values():
        loose = _without_the(name)
        ids = tuple(i for i, text, form in compared if name in text or loose in form)
        found.append(InitiativeCandidate(name=name, kind=kind, sentences=ids))
    return sorted(found, key=lambda c: c.sentences[0] if c.sentences else 0)
