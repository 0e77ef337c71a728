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
from .documents import document_title, memoranda
from .informal_names import informal_names
from .lexicon import MONTHS, ORDINALS, WEEKDAYS

HEADS: dict[str, str] = {
    "initiative": "initiative", "initiatives": "initiative",
    "strategy": "strategy",
    "plan": "plan", "programme": "plan", "program": "plan", "roadmap": "plan",
    "agenda": "plan", "blueprint": "plan", "map": "plan",
    "agreement": "agreement", "treaty": "agreement", "memorandum": "agreement",
    "convention": "agreement", "declaration": "agreement", "accord": "agreement",
    "charter": "agreement", "protocol": "agreement",
    "mechanism": "mechanism", "group": "mechanism", "forum": "mechanism",
    "dialogue": "mechanism", "fund": "mechanism", "platform": "mechanism",
    "partnership": "mechanism", "panel": "mechanism", "network": "mechanism",
    "alliance": "other", "corridor": "other", "facility": "other", "compact": "other",
    "pact": "other", "outlook": "other", "consensus": "other", "statement": "other",
    "framework": "other", "mission": "other", "code": "other", "call": "other",
    "year": "other", "area": "other", "zone": "other",
}  # fmt: skip
# Heads that name an initiative only in a fixed phrase.
_PHRASE_HEADS = {
    "group": re.compile(r"\bWorking Group\b"),
    "map": re.compile(r"\bRoad Map\b"),
    "area": re.compile(r"\bFree Trade Area\b"),
    "zone": re.compile(r"\bFree(?:-| )Trade Zone\b|\bWeapon-Free Zone\b"),
    "year": re.compile(r"\bYear of\b"),
    "code": re.compile(r"\bCode of Conduct\b"),
    "call": re.compile(r"\bCall to Action\b"),
}
_LOWERCASE_HEADS = {"programme", "program", "initiative", "plan", "strategy", "agreement"}
_CONNECTORS = {
    "of", "on", "for", "and", "in", "against", "to", "until", "with", "among", "between",
    "de", "da", "do", "del", "the", "a", "an", "up",
}  # fmt: skip
# "the" only follows another connector ("Code of Conduct in the South China Sea"); after
# "and" it starts a new name ("... Strategy and the Strategic Action Plan").
_THE_AFTER = {"of", "on", "for", "in", "to", "with", "among", "against", "between"}
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
# Organisations whose names end like an initiative's.
KNOWN_ORGANISATIONS = {
    "internationalmonetaryfund", "worldeconomicforum", "boaoforumforasia",
    "internationalfundforagriculturaldevelopment", "unitednationschildrensfund",
    "worldwidefundfornature", "unitednationspopulationfund", "globalenvironmentfacility",
}  # fmt: skip
_MONTH_NAMES = set(MONTHS)
_WEEKDAYS = set(WEEKDAYS)
_ORDINAL_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)$")
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w\u00c0-\u024f'\u2019\-+&]*")
_YEARS = re.compile(r"\s*\(\d{4}\s*[-\u2013]\s*\d{4}\)")
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)")  # "Astana International Financial Center (AIFC)"
# Bodies that name an initiative only where the speaker proposes them ("establish an
# Islamic States Union", "creation of a G20 Virtual Secretariat"); elsewhere "Union" or
# "Committee" ends the name of an organisation that exists.
PROPOSED_BODIES = {
    "committee": "mechanism", "secretariat": "mechanism", "center": "mechanism",
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


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() or token[0].isdigit()


def _head(token: str) -> str | None:
    return token.lower() if token.lower() in HEADS else None


def _spans(text: str) -> list[list[re.Match[str]]]:
    """Maximal runs of capitalised tokens joined by connectors."""
    tokens = list(_TOKEN.finditer(text))
    spans: list[list[re.Match[str]]] = []
    i = 0
    while i < len(tokens):
        if not _is_capitalised(tokens[i].group()):
            i += 1
            continue
        span = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[span[-1].end() : tokens[j].start()]
            if gap.strip() not in ("", "-"):
                break  # punctuation ends a name
            word = tokens[j].group()
            if _is_capitalised(word):
                span.append(tokens[j])
                j += 1
                continue
            run, k = [], j
            while k < len(tokens) and tokens[k].group() in _CONNECTORS and len(run) < 3:
                if text[tokens[k - 1].end() : tokens[k].start()].strip():
                    break
                run.append(tokens[k])
                k += 1
            words = [t.group() for t in run]
            in_span = {t.group() for t in span}
            allowed = bool(run) and all(
                (w != "the" or (n > 0 and words[n - 1] in _THE_AFTER))
                # "... for Good and for All" repeats a connector; "Nations and for the
                # Pact" starts a new phrase.
                and (w != "and" or n == len(words) - 1 or words[n + 1] in in_span)
                for n, w in enumerate(words)
            )
            next_ok = (
                k < len(tokens)
                and _is_capitalised(tokens[k].group())
                and not text[tokens[k - 1].end() : tokens[k].start()].strip()
            )
            if allowed and next_ok:
                span.extend(run)
                j = k
                continue
            if word in _LOWERCASE_HEADS and len(span) >= 2:
                span.append(tokens[j])
                j += 1
            break
        spans.append(span)
        i = j
    return spans


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
        (n for n, w in enumerate(words[:-1]) if w.lower() in _NOT_INITIATIVES and words[n + 1] == "of"),
        default=-1,
    )
    span = span[max(owner, meeting) + 1 :]
    while span and (span[0].group().lower() in _LEADING_NOISE or span[0].group() in _CONNECTORS):
        span = span[1:]
    # A tail that only says when or where is not part of the name: "... Charter in 1945",
    # "... Initiative in March", "... Charter in San Francisco" (right after the head).
    words = [t.group() for t in span]
    for n in range(1, len(words) - 1):
        when = words[n + 1] in _MONTH_NAMES or words[n + 1] in _WEEKDAYS or words[n + 1].isdigit()
        where = words[n] in ("in", "at") and _head(words[n - 1]) is not None
        adverbial = (words[n] in ("in", "on", "at") and when) or where
        if adverbial:
            span = span[:n]
            break
    while span and span[-1].group() in _CONNECTORS:
        span = span[:-1]
    return span


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
    for raw in _spans(text):
        for part in _split_on_and(raw):
            span = _trim(part)
            if len(span) < 2:
                continue
            words = [t.group() for t in span]
            quote = len(words[-1]) - len(words[-1].rstrip("'\u2019"))  # "an 'Islamic States Union'"
            words[-1] = words[-1][: len(words[-1]) - quote]
            body = PROPOSED_BODIES.get(words[-1].lower()) if proposed else None
            if proposed and words[-1].lower() == "union" and _CREATES.search(text[: span[0].start()]):
                body = "mechanism"
            if proposed and words[-1].lower() == "union" and _CREATES.search(text[: span[0].start()][-40:]):
                body = "mechanism"  # "establish an 'Islamic States Union'"; not the African Union
            if words[-1].lower() in _NOT_INITIATIVES and body is None:
                continue
            start, end = span[0].start(), span[-1].end() - quote
            for tail in (_YEARS, _ACRONYM):
                if extra := tail.match(text, end):
                    end = extra.end()
            name = text[start:end]
            kind = body or _kind(words, name)
            if kind is None:
                continue
            if normalise(name) in KNOWN_ORGANISATIONS:
                continue
            before = text[: raw[0].start()].split()[-1:] + [w.group() for w in raw[: raw.index(span[0])]]
            if "Forum" in words and any(w.lower() in ORDINALS or _ORDINAL_NUMBER.match(w) for w in before):
                continue  # "the third Belt and Road Forum" is a meeting
            found.append((name, kind))
    return found + memoranda(text) + informal_names(text)


def normalise(name: str) -> str:
    """Compare names case-, space- and hyphen-blind, without a leading "the"."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "", name.lower())


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
    found = []
    for name, kind in names.values():
        ids = tuple(s.id for s in sentences if name in s.text)
        found.append(InitiativeCandidate(name=name, kind=kind, sentences=ids))
    return sorted(found, key=lambda c: c.sentences[0] if c.sentences else 0)
