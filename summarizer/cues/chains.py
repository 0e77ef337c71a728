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
from collections.abc import Set as AbstractSet

from ..sentences import Sentence, lede
from .counts import PAST
from .lexicon import (
    CARDINALS,
    MODAL_ACTIONS,
    OFFICES,
    ORDINALS,
    PROPOSAL_NOUNS,
    PUTTING_FORWARD,
    SAYING,
    alternation,
)
from .names import any_part
from .owners import someone_elses
from .verbs import DIRECTIVE

MAX_CANDIDATES = 8
# A proposal put forward: a proposing verb ("said" is not one), or the noun made by a verb.
_PUTS_FORWARD = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)})\b"
    # The noun only as the object of a verb that makes it ("we also made a quadrilateral
    # proposal", "extended a proposal to ...") or defined on the spot ("the proposal is
    # for ..."): "he said of the four-way proposal" refers back to one already counted.
    # "renewed his proposal to form a group": an earlier proposal put forward again, here.
    r"|\b(?:made|makes?|extended|extends|offered|offers|presented|presents|submitted|tabled|floated|"
    r"renewed|renews|reiterated|reiterates|repeated|repeats)\s+"
    r"(?:a|an|his|her|its|their|our)\s+(?:[\w\-]+\s+){0,3}?(?:proposals?|initiatives?|suggestions?|plan|offer)\b"
    r"|\bproposals?\s+(?:is|was)\s+(?:for|to|that)\b",
    re.IGNORECASE,
)
# "In his third proposal", "The fourth proposal of ...", "the fifth and final initiative".
_RANKED = re.compile(
    rf"\b(?:{alternation(ORDINALS, ('last', 'final'))})(?:\s+and\s+(?:final|last))?\s+(?:{alternation(PROPOSAL_NOUNS)})\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.IGNORECASE)
# "We propose that ...", "I suggest using ...": the speaker quoted in the first person; not
# "I made a clear proposal to President Erdogan": a guest quoted on what they put to the speaker.
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e)\s+(?:\w+\s+){0,2}?$")
_TO_OFFICE = re.compile(rf"\bto\s+(?:the\s+)?(?:{OFFICES})\s+[A-Z]")
# "The Kazakh President also thinks that member states should ...", "were also invited to":
# "also" continues the speaker's series even where the verb is a weak one.
_ALSO_DIRECTS = re.compile(
    r"\balso\b.{0,80}?\b(?:should|must|need\s+to|invited|suggested|proposed|urged|called|calls|asked|requested|"
    r"recommended)\b",
    re.IGNORECASE,
)
# "Karimov said the countries should also open ...": the speaker's series goes on, told as
# a call; unlike "also ... should" it names no new actor, so the speaker must say it.
_SHOULD_ALSO = re.compile(r"\b(?:should|must|needs?\s+to|ought\s+to)\s+also\b", re.IGNORECASE)
# '"First of all, we must make maximum use of ...," said Nazarbayev': the call that opens the
# speaker's series, told with a modal, before "also thinks ..." and "The fifth and final ...".
_OPENS_SERIES = re.compile(
    r"^[\s\"'\u201c\u2018]*(?:first\s+of\s+all|first\s+and\s+foremost|to\s+begin\s+with|firstly)\s*,\s*"
    r"(?:[\w\-]+\s+){0,4}?(?:should|must|need\s+to|have\s+to)\b",
    re.IGNORECASE,
)
# "The premier's proposal provides for ...", "The plan also calls for ...", "It envisages
# ...": what the speaker's proposal holds, told with the proposal as the subject.
_CONTENT = re.compile(
    r"(?:\b(?:proposals?|suggestions|recommendations|plan|initiative)|^\s*It)\s+(?:also\s+)?"
    r"(?:calls?\s+for|called\s+for|asked\s+for|provides?\s+for|includes?|envisages?)\b",
    re.IGNORECASE,
)
# "put forward a number of initiatives", "unveiled a five-point initiative": the sentence
# announces the set; the proposals follow it.
# "She proposed the suggestions in a recorded speech", "the plan proposed by Russia": a
# reference to the set or to a plan already made, not a proposal of its own.
_REFERS = re.compile(
    # "we put forward these famous five principles": the adjectives and count of a set named again.
    # "He put forward his proposal at a plenary session": the one proposal, named again.
    rf"\b(?:{alternation(PUTTING_FORWARD)})\s+(?:the|these|those|all|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:proposals?|suggestions?|recommendations?|points|measures|initiatives?|ideas?|principles)\b"
    r"(?!\s+(?:of|that|to|for|on)\b)"
    rf"|\b(?:plan|proposal|initiative|idea|proposals|initiatives)\s+(?:{alternation(PUTTING_FORWARD)})\s+by\b"
    # "The proposal that the Turkish Council of Higher Education put forward": someone else's.
    rf"|\b(?:plan|proposal|initiative|idea)\s+(?:that|which)\s+(?:the\s+)?[A-Z][^,;]{{0,60}}?\s+(?:{alternation(PUTTING_FORWARD)})\b",
    re.IGNORECASE,
)
# "put forward this proposal", "made the suggestion": a proposal told in the sentence before.
_REFERS_BACK = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)}|made|voiced|presented|announced)\s+(?:this|that|such\s+an?)\s+"
    r"(?:proposal|initiative|idea|suggestion|plan|offer)\b",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(
    r"\b(?:put(?:s|ting)?\s+forward|unveil\w*|made|makes?|outlin\w*|propos\w*|present\w*|offer\w*|"
    r"plac(?:ed|es)|tabled|submitted|set\s+out|laid\s+out|rais(?:ed|es)|c(?:a|o)me\s+(?:up|forth)\s+with)\s+"
    rf"(?:a\s+|an\s+|the\s+|his\s+|her\s+)?(?:number\s+of|several|series\s+of|single|(?:{alternation(CARDINALS)}|\d+)(?:[\s-](?:point|pronged|part))?)\s+"
    rf"(?:[\w\-]+\s+){{0,2}}?(?:{alternation(PROPOSAL_NOUNS)})\b",
    re.IGNORECASE,
)
# "called for the sound, steady and sustained development of China-U.S. relations": a wish
# for good relations, the staple of call readouts, asks for nothing in particular.
_GOOD_RELATIONS = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)})\s+(?:the\s+)?(?:[\w\-]+,?\s+(?:and\s+)?){{0,5}}?"
    r"(?:development|improvement|growth|stability)\s+of\s+(?:the\s+)?(?:[\w\-.]+\s+){0,3}?"
    r"(?:relations|ties|relationship)\b",
    re.IGNORECASE,
)
_QUOTE_OPENS = ('"', "\u201c", "\u00ab", "\u201e")
# A sentence that restates a proposal already found ("As part of his initiative, Hussein
# proposed the formation of a joint regional committee with open membership") shares most
# of its content words with it; "also" marks a new one however alike.
RESTATED_SHARE = 0.5
RESTATED_WORDS = 3
# Words too common to tell two proposals apart, and the attribution ("... together," Karimov said).
_STOP = frozenset(
    (
        "about", "also", "their", "there", "these", "those", "this", "that", "with", "from", "into",
        "will", "would", "should", "must", "have", "been", "were", "which", "while", "during", "under",
        "over", "after", "before", "between", "among", "such", "than", "them", "they", "what", "when",
        "where", "other", "more", "most", "only", "very", "make", "made", "upon",
        *SAYING,
    )
)  # fmt: skip
_OFFICE = re.compile(
    rf"\b(?:the|The)\s+(?:[A-Z][\w\-]+\s+|prime\s+|foreign\s+|vice\s+){{0,2}}(?i:{OFFICES}|ayatollah|leader)\b"
)


HEADING_WORDS = 15


def _is_heading(text: str) -> bool:
    """A repeated headline, a caption or a box title: short, with no closing stop."""
    return len(text.split()) < HEADING_WORDS and not re.search(r"[.!?][\"'\u201d\u2019)]*$", text.strip())


def puts_forward(text: str) -> bool:
    """Someone proposes, suggests, calls for or unveils something in this text."""
    return any(p.search(text) for p in (_PUTS_FORWARD, _RANKED, _ALSO_DIRECTS, _CONTENT))


def _names(speaker: str | None) -> re.Pattern[str] | None:
    """Any part of the speaker's name as a word (None for no speaker), compiled once a call."""
    return re.compile(part) if (part := any_part(speaker)) else None


def _put_to_an_office(text: str) -> bool:
    """ "I made a clear proposal to President Erdogan": a guest on what they put to someone."""
    verb = _PUTS_FORWARD.search(text)
    return bool(verb and _FIRST_PERSON.search(text[: verb.start()]) and _TO_OFFICE.search(text[verb.end() :]))


def _by_speaker(text: str, names: re.Pattern[str] | None) -> bool:
    """The speaker is named, referred to by office or as he/she before the proposal."""
    verb = _PUTS_FORWARD.search(text) or _RANKED.search(text)
    before = text[: verb.end()] if verb else text
    first_person = verb is not None and _FIRST_PERSON.search(text[: verb.start()]) is not None
    if _put_to_an_office(text):
        return False
    return bool(
        (names is not None and names.search(text))
        or _PRONOUN.search(before)
        or _OFFICE.search(before)
        or first_person
    )


def proposal_sentences(sentences: list[Sentence], speaker: str | None, judged: AbstractSet[int]) -> list[int]:
    """Ids of the sentences in which the speaker puts something forward, in order.

    `judged`: sentences of candidate lists (and their introductions), already judged as
    lists: a rejected list of outcomes does not come back as unnumbered proposals.
    """
    names = _names(speaker)
    found: list[int] = []
    first = {s.id for s in lede(sentences)}
    article_text = " ".join(s.text for s in sentences)
    for sentence in _open_sentences(sentences, judged):
        text = sentence.text
        proposing = any(p.search(text) for p in (_PUTS_FORWARD, _RANKED, _SHOULD_ALSO, _OPENS_SERIES))
        in_lede = not found and sentence.id in first and not _put_to_an_office(text)
        speaker_proposes = proposing and (in_lede or _by_speaker(text, names))
        # "Annan's six-point proposal includes ...": what someone else's plan holds.
        content = _CONTENT.search(text) and not someone_elses(text, speaker, article_text)
        if _ALSO_DIRECTS.search(text) or content or speaker_proposes:
            found.append(_referred(sentence, sentences, judged))
    found = list(dict.fromkeys(found))
    by_id = {s.id: s.text for s in sentences}
    return _without_restatements(found, by_id, names)[:MAX_CANDIDATES]


def _referred(sentence: Sentence, sentences: list[Sentence], judged: set[int]) -> int:
    """ "The President put forward this proposal at the summit": the proposal is the
    sentence before, which says what it is."""
    before = next((s for s in sentences if s.id == sentence.id - 1), None)
    if before is None or before.id in judged or not _REFERS_BACK.search(sentence.text):
        return sentence.id
    return before.id


def calls_after(
    sentences: list[Sentence], speaker: str | None, judged: AbstractSet[int], announced: int
) -> list[int]:
    """The speaker's calls after the sentence that announces a set ("Hasina has placed five
    recommendations"), told with any verb: "She said there was an immediate need to ...",
    "We must ...". Weaker than a proposing verb (a "should" may be only an opinion): wanted
    only where the article states more proposals than the proposing verbs give."""
    names = _names(speaker)
    return [
        s.id
        for s in _open_sentences(sentences, judged)
        if s.id > announced
        and DIRECTIVE.search(s.text)
        and (s.text.lstrip().startswith(_QUOTE_OPENS) or _by_speaker(s.text, names))
    ]


# "ASEAN must formulate a recovery plan, he stated", "the region can also open up the
# borders": a call told with a modal and an action, no proposing verb.
_MODAL_ACTION = re.compile(
    r"\b(?:should|must|needs?\s+to|ought\s+to|has\s+to|have\s+to|can\s+also|could\s+also)\s+"
    rf"(?:also\s+|jointly\s+|quickly\s+|further\s+)?(?:{alternation(MODAL_ACTIONS)})\b",
    re.IGNORECASE,
)


def modal_calls(sentences: list[Sentence], speaker: str | None, judged: AbstractSet[int]) -> list[int]:
    """The speaker's calls told with a modal and an action, for an article in which no
    sentence has the speaker propose: a speech reported in paraphrase. Measured on the
    development sets' articles with no other candidate: both such sentences were proposals,
    and no readout, press conference or decoy among them had one."""
    names = _names(speaker)
    found = [
        s.id
        for s in _open_sentences(sentences, judged)
        if s.id > 1 and _MODAL_ACTION.search(s.text) and _by_speaker(s.text, names)
    ]
    return found[:MAX_CANDIDATES]


# "urges all parties to safeguard ...", "calls on the parties to engage in dialogue": an appeal
# to the sides of a conflict, a position of a statement, not a measure put forward.
_APPEAL_TO_PARTIES = re.compile(
    r"\b(?:urg(?:es|ed)|call(?:s|ed)?\s+on)\s+(?:all\s+)?(?:the\s+)?(?:parties|sides)\b"
    r"(?:\s+(?:concerned|involved|to\s+the\s+conflict))?\s+to\b",
    re.IGNORECASE,
)


def _open_sentences(sentences: list[Sentence], judged: AbstractSet[int]) -> list[Sentence]:
    """Sentences that may hold an unnumbered proposal: not the past, not judged as part of a
    list, not the announcement of a set, a heading or a wish for good relations."""
    return [
        s
        for s in sentences
        if not (
            PAST.search(s.text)
            or s.id in judged
            or _ANNOUNCES.search(s.text)
            or (_REFERS.search(s.text) and not _PUTS_FORWARD.search(_REFERS.sub(" ", s.text)))
            or _is_heading(s.text)
            or _GOOD_RELATIONS.search(s.text)
            or _APPEAL_TO_PARTIES.search(s.text)
        )
    ]


def _content_words(text: str, names: re.Pattern[str] | None) -> set[str]:
    """The content words of what the sentence puts forward (after its proposing verb)."""
    if verb := _PUTS_FORWARD.search(text):
        text = text[verb.end() :]
    if names is not None:
        text = names.sub(" ", text)
    words = {w.lower().removesuffix("s") for w in re.findall(r"[A-Za-z]{4,}", text)}
    return words - _STOP


def _without_restatements(
    found: list[int], texts: dict[int, str], names: re.Pattern[str] | None
) -> list[int]:
    kept: dict[int, set[str]] = {}  # each kept sentence's content words, read once
    for sentence_id in found:
        text = texts[sentence_id]
        words = _content_words(text, names)
        restates = not re.search(r"\balso\b", text, re.IGNORECASE) and any(
            len(shared := words & earlier) >= RESTATED_WORDS
            and len(shared) >= RESTATED_SHARE * min(len(words), len(earlier))
            for earlier in kept.values()
        )
        if not restates:
            kept[sentence_id] = words
    return list(kept)
