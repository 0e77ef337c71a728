"""Who spoke, as what, where and at which event: the META question and the code's checks.

The model chooses the principal speaker knowing whom the article has speak (counted by the
code); the article's own words win over the model's wherever the code can read them (the
office beside the name), and what the model names but the article lacks (an event, a city,
a speaker who never speaks) is dropped with a warning. A judgement the code can make
itself never costs the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues.lexicon import MONTHS, WEEKDAYS
from .cues.names import name_parts
from .cues.speaker import (
    ORGANISATION,
    clean_name,
    headline_proposer,
    introduced_people,
    is_office,
    office_of,
    speaking_people,
)
from .errors import ModelAnswerError
from .llm import Answer, Cost
from .loader import Article
from .questions import Asker, ask_meta
from .questions.meta import GroundedMeta
from .sentences import lede
from .spans import speaks_in


@dataclass(frozen=True)
class Who:
    speaker: str | None
    title: str | None
    event: str | None
    location: str | None
    warnings: tuple[str, ...]
    cost: Cost


def grounded_in(phrase: str, text: str, share: float = 0.7) -> bool:
    """Most of the phrase's content words occur in the text (not copied from an example)."""
    words = [w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if len(w) > 3]
    if not words:
        return True
    lowered = text.lower()
    return sum(w in lowered for w in words) >= share * len(words)


FIRST_PARAGRAPH_SENTENCES = 2
# An "event" that is only a day, a month or a sentence id ("Sunday, Sunday", "December", "S5").
_CALENDAR_ONLY = re.compile(
    rf"(?:(?:{'|'.join((*WEEKDAYS, *MONTHS))}|S\d+|\d+|on|of|the|[,.\s])\s*)+", re.IGNORECASE
)


@dataclass(frozen=True)
class Lede:
    """The headline, the first sentences of the first paragraph (a dateline may stand alone
    as the first) and the first long sentence (past any page furniture): the second long
    sentence may already be about someone else. Read once per article."""

    text: str

    @classmethod
    def of(cls, article: Article) -> Lede:
        first = article.sentences[:FIRST_PARAGRAPH_SENTENCES]
        opening = [s for s in first if s.paragraph == first[0].paragraph]
        lead = [*opening, *lede(article.sentences)[:1]]
        return cls(" ".join([article.headline or "", *(s.text for s in lead)]))

    def position(self, name: str) -> int:
        """Where the lede first names this person (its subject first)."""
        found = [
            m.start() for part in name_parts(name) if (m := re.search(rf"\b{re.escape(part)}\b", self.text))
        ]
        return min(found, default=len(self.text))

    def names(self, name: str, whole: bool = False) -> bool:
        """The lede names this person (`whole`: by every part of the name, so "Nawaz Sharif"
        is not the "Shehbaz Sharif" of the lede): the lede introduces the principal speaker,
        even when the article then reports them without "said"."""
        found = [bool(re.search(rf"\b{re.escape(part)}\b", self.text)) for part in name_parts(name)]
        return bool(found) and (all(found) if whole else any(found))


def who_spoke(asker: Asker) -> Who:
    article = asker.article
    people = speaking_people(article.headline, article.text)
    cost = Cost()
    try:
        meta = ask_meta(asker, people)
    except ModelAnswerError as error:
        if error.check != "speaker-in-article":
            raise
        # The person the article has speak most is a fact the code can count; what else
        # META would have said is left empty.
        took = people[0] if people else None
        warning = (
            f"the model named no speaker from the article; took {took!r}"
            if took
            else "the article names no one who speaks; speaker left empty"
        )
        return Who(took, office_of(took, article.text), None, None, (warning,), cost)
    cost.add(meta.cost)
    speaker, meta, warnings = _speaker(asker, meta, people, cost, Lede.of(article))
    model_title = meta.value.speaker_title.strip()
    grounded = model_title and all(w.lower() in article.text.lower() for w in model_title.split())
    title = office_of(speaker, article.text) or (model_title if grounded else None)
    event = meta.value.event.strip().removeprefix("the ").strip()
    if event and not grounded_in(event, article.text):
        warnings.append(f"the model named the event {event!r}, which the article does not; left empty")
        event = ""
    elif event and (_CALENDAR_ONLY.fullmatch(event) or not event[0].isalnum()):
        # ", to this end": a scrap of a sentence, as a day or a sentence id is no event.
        warnings.append(f"the model gave {event!r} as the event, a day, a sentence id or a scrap; left empty")
        event = ""
    location = meta.value.location.strip()
    location = location if location and location.lower() in article.text.lower() else ""
    return Who(speaker, title, event or None, location or None, tuple(warnings), cost)


HEADING_LOOKAHEAD = 3
_CLOSED = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")


def headings(article: Article) -> list[str]:
    """The headline and any heading-like first lines (no closing stop): a page's own title
    is often its first line rather than the headline the loader read."""
    firsts = [s.text for s in article.sentences[:HEADING_LOOKAHEAD] if not _CLOSED.search(s.text)]
    return [h for h in [article.headline or "", *firsts] if h]


def _lede_speaker(speaker: str, people: list[str], intro: Lede) -> str | None:
    """The person the headline and lede are about, where the model named someone else: one
    the lede does not name, an office ("Kazakh President"), no one the article has speak,
    or a namesake ("Nawaz Sharif" for the lede's "Shehbaz Sharif")."""
    # Full names only: a lone word the article has speak may be a country ("Turkmenistan
    # will propose"), and "Iranian President" is an office.
    speaking = [p for p in people if _is_person(p)]
    introduced = [p for p in introduced_people(intro.text) if _is_person(p)]
    named = [p for p in dict.fromkeys([*speaking, *introduced]) if intro.names(p, whole=True)]
    first = min(named, key=intro.position, default=None)  # the lede's subject comes first
    if first is None or first == speaker:
        return None
    parts = set(speaker.split())
    if is_office(speaker) or not intro.names(speaker):
        return first
    if not any(parts & set(p.split()) for p in speaking):
        return first
    if speaks_in(first, intro.text) and not speaks_in(speaker, intro.text):
        return first  # "Moon has called for a summit with Kim": the lede has Moon speak
    # A namesake ("Nawaz Sharif" for the lede's "Shehbaz Sharif") yields only to a person the
    # article has speak: a spokesman "Wang Wenbin" reporting on "Wang Yi" is the speaker.
    namesake = first in speaking and bool(parts & set(first.split()))
    return first if namesake and not intro.names(speaker, whole=True) else None


def _person_for(speaker: str, people: list[str], text: str) -> str | None:
    """The person to name where the model named a country or a body ("Peru has proposed
    five recommendations" before its minister speaks): one word that is no part of any
    person's name the article gives. A one-word name ("Chinh", "Ruto") is part of one, or
    stands after a given name ("President William Ruto's charm")."""
    persons = [p for p in people if _is_person(p)]
    if len(speaker.split()) != 1 or not persons or any(speaker in p.split() for p in persons):
        return None
    if re.search(rf"\b[A-Z][\w'\-]+\s+{re.escape(speaker)}\b", text):
        return None
    return persons[0]


MAX_NAME_WORDS = 8


def _looks_like_name(name: str) -> bool:
    """A name, an office or a body opens with a letter, is a few words long and has a capital
    ("Y. B. Chavan", "Abdel Fattah al-Sisi", "the minister of foreign affairs of Iran"); not
    "," nor a run of the article's words (", I am sure all of us are here to ...")."""
    words = name.split()
    return (
        bool(words)
        and name[0].isalpha()
        and len(words) <= MAX_NAME_WORDS
        and any(w[0].isupper() for w in words)
    )


def _is_person(name: str) -> bool:
    return len(name_parts(name)) >= 2 and not ORGANISATION.search(name) and not is_office(name)


def _speaker(
    asker: Asker, meta: Answer[GroundedMeta], people: list[str], cost: Cost, intro: Lede
) -> tuple[str | None, Answer[GroundedMeta], list[str]]:
    """The model's speaker, re-asked once when the article never has them speak."""
    article = asker.article
    full_text = (article.headline or "") + "\n" + article.text
    speaker = clean_name(meta.value.speaker_name, full_text)
    if not _looks_like_name(speaker):
        # ",", or a run of the article's words: the model named no one, though the schema
        # made it write something.
        took = people[0] if people else None
        return took, meta, [f"the model named no one ({speaker!r}); took {took!r}"]
    proposer = headline_proposer(headings(article), article.text)
    if proposer and not set(name_parts(proposer)) & set(name_parts(speaker)):
        return (
            proposer,
            meta,
            [f"the model named {speaker!r}; took {proposer!r}, whom the headline has propose"],
        )
    if lede_person := _lede_speaker(speaker, people, intro):
        return lede_person, meta, [f"the model named {speaker!r}; took {lede_person!r}, whom the lede names"]
    if person := _person_for(speaker, [*people, *introduced_people(article.text)], article.text):
        return person, meta, [f"the model named {speaker!r}, no person's name; took {person!r}"]
    if speaks_in(speaker, article.text) or intro.names(speaker):
        return speaker, meta, []
    # A name the article mentions but never has speak (an instruction hidden in the text, a
    # person merely referred to) is doubtful: one re-ask with the reason.
    hint = f"the article never has {speaker!r} say or propose anything; name the person who speaks."
    try:
        retry = ask_meta(asker, people, hint)
    except ModelAnswerError as error:
        if error.check != "speaker-in-article":
            raise
        retry = None  # the re-ask named someone the article lacks: the count below decides
    if retry is not None:
        cost.add(retry.cost)
        name = clean_name(retry.value.speaker_name, full_text)
        if speaks_in(name, article.text):
            return name, retry, []
    if people:
        return people[0], meta, [f"the model named {speaker!r}, who never speaks; took {people[0]!r}"]
    return speaker, meta, [f"the article never has the speaker {speaker!r} say anything"]
