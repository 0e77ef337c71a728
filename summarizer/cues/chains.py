"""Proposals with no list marks: "He also proposed that ...", "In his third proposal, ...",
"The fifth and final initiative Nazarbayev put forward is to ...", "Modi also suggested ...".

With no list to follow, each sentence in which the principal speaker puts something
forward is a candidate, in article order. A sentence counts when it has a proposing verb
(or names one of the speaker's proposals by its rank) and the speaker, not someone else,
is its subject: by name, by office ("the Kazakh President", "the minister") or as "he" /
"she". With more candidates than the article states, the model picks which; with no
count stated, all are taken (the pipeline says why).
"""

from __future__ import annotations

import re

from ..sentences import Sentence
from .counts import PAST
from .lexicon import CARDINALS, ORDINALS, PROPOSAL_NOUNS, PUTTING_FORWARD, alternation
from .speaker import OFFICES

MAX_CANDIDATES = 8
# A proposal put forward: a proposing verb ("said" is not one), or the noun made by a verb.
_PUTS_FORWARD = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)})\b"
    # The noun only as the object of a verb that makes it ("we also made a quadrilateral
    # proposal", "extended a proposal to ...") or defined on the spot ("the proposal is
    # for ..."): "he said of the four-way proposal" refers back to one already counted.
    r"|\b(?:made|makes?|extended|extends|offered|offers|presented|presents|submitted|tabled|floated)\s+"
    r"(?:a|an|his|her|its|their|our)\s+(?:[\w\-]+\s+){0,3}?(?:proposals?|initiatives?|suggestions?|plan)\b"
    r"|\bproposals?\s+(?:is|was)\s+(?:for|to|that)\b",
    re.IGNORECASE,
)
# "In his third proposal", "The fourth proposal of ...", "the fifth and final initiative".
_RANKED = re.compile(
    rf"\b(?:{alternation(ORDINALS, ('last', 'final'))})(?:\s+and\s+(?:final|last))?\s+(?:{alternation(PROPOSAL_NOUNS)})\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.IGNORECASE)
# "The Kazakh President also thinks that member states should ...", "were also invited to":
# "also" continues the speaker's series even where the verb is a weak one.
_ALSO_DIRECTS = re.compile(
    r"\balso\b.{0,80}?\b(?:should|must|need\s+to|invited|suggested|proposed|urged|called|calls)\b",
    re.IGNORECASE,
)
# "The premier's proposal provides for ...", "The plan also calls for ...": what the
# speaker's proposal holds, told with the proposal as the subject.
_CONTENT = re.compile(
    r"\b(?:proposals?|plan|initiative)\s+(?:also\s+)?(?:calls?\s+for|provides?\s+for|includes?|envisages?)\b",
    re.IGNORECASE,
)
# "put forward a number of initiatives", "unveiled a five-point initiative": the sentence
# announces the set; the proposals follow it.
_ANNOUNCES = re.compile(
    r"\b(?:put(?:s|ting)?\s+forward|unveil\w*|made|makes?|outlin\w*|propos\w*|present\w*|offer\w*)\s+"
    rf"(?:a\s+|an\s+|the\s+|his\s+|her\s+)?(?:number\s+of|several|series\s+of|single|(?:{alternation(CARDINALS)}|\d+)(?:[\s-](?:point|pronged|part))?)\s+"
    rf"(?:[\w\-]+\s+){{0,2}}?(?:{alternation(PROPOSAL_NOUNS)})\b",
    re.IGNORECASE,
)
# The lede (the first sentences of ten words or more: a headline, a byline or a time
# stamp is shorter) introduces the principal speaker, often by office alone.
LEDE_SENTENCES = 2
LEDE_WORDS = 10
_OFFICE = re.compile(rf"\b(?:the|The)\s+(?:[A-Z][\w\-]+\s+){{0,2}}(?i:{OFFICES}|ayatollah|leader)\b")


HEADING_WORDS = 15


def _is_heading(text: str) -> bool:
    """A repeated headline, a caption or a box title: short, with no closing stop."""
    return len(text.split()) < HEADING_WORDS and not re.search(r"[.!?][\"'\u201d\u2019)]*$", text.strip())


def puts_forward(text: str) -> bool:
    """Someone proposes, suggests, calls for or unveils something in this text."""
    return any(p.search(text) for p in (_PUTS_FORWARD, _RANKED, _ALSO_DIRECTS, _CONTENT))


def _names(speaker: str | None) -> re.Pattern[str] | None:
    parts = [re.escape(p) for p in (speaker or "").replace("-", " ").split() if len(p) > 2]
    return re.compile(rf"\b(?:{'|'.join(parts)})\b") if parts else None


def _by_speaker(text: str, names: re.Pattern[str] | None) -> bool:
    """The speaker is named, referred to by office or as he/she before the proposal."""
    verb = _PUTS_FORWARD.search(text) or _RANKED.search(text)
    before = text[: verb.end()] if verb else text
    return bool(
        (names is not None and names.search(text)) or _PRONOUN.search(before) or _OFFICE.search(before)
    )


def proposal_sentences(sentences: list[Sentence], speaker: str | None, judged: set[int]) -> list[int]:
    """Ids of the sentences in which the speaker puts something forward, in order.

    `judged`: sentences of candidate lists (and their introductions), already judged as
    lists: a rejected list of outcomes does not come back as unnumbered proposals.
    """
    names = _names(speaker)
    found: list[int] = []
    lede = [s.id for s in sentences if len(s.text.split()) >= LEDE_WORDS][:LEDE_SENTENCES]
    for sentence in sentences:
        text = sentence.text
        if PAST.search(text) or sentence.id in judged or _ANNOUNCES.search(text) or _is_heading(text):
            continue
        proposing = bool(_PUTS_FORWARD.search(text) or _RANKED.search(text))
        speaker_proposes = proposing and ((not found and sentence.id in lede) or _by_speaker(text, names))
        if _ALSO_DIRECTS.search(text) or _CONTENT.search(text) or speaker_proposes:
            found.append(sentence.id)
    return found[:MAX_CANDIDATES]
