"""Find proposal candidates from ordinal cues and group them into candidate lists.

A cue is an ordinal at a place where lists are announced: the start of a sentence
("Firstly, ...", "1. ...", "The second is to ...", "He firstly called on ...", "According
to the president, second, ...", "\u00abThird, ...") or a clause
boundary inside one sentence ("two suggestions: first, to ...; and second, to ...").
Cues with ranks 1, 2, 3, ... in article order form a candidate list. Which list (if any)
holds the principal speaker's proposals is a judgement left to the model.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from ..sentences import Sentence
from .lexicon import ATTRIBUTING, PROPOSAL_NOUNS, PROPOSAL_STEMS, alternation
from .numbers import CARDINAL_PATTERN, LAST, ORDINAL_PATTERN, ORDINALS, ordinal_value
from .verbs import strip_subject

_LEAD = r"[\s\"'\u201c\u2018\u201e\u00ab(]*"
_ADVERB = re.compile(
    # "And, finally, we should ...": a comma may set off the conjunction too.
    _LEAD
    + rf"(?:(?:and|but)\s*,?\s+)?(?P<ord>{ORDINAL_PATTERN})(?:\s+of\s+all)?\s*(?:[,:;\u2014\u2013]|--?)\s*",
    re.IGNORECASE,
)
# "According to the president, second, ...", "In particular, he said, first, ...": the
# ordinal after an attribution that opens the sentence.
_ATTRIBUTED = re.compile(
    _LEAD + r"(?:in\s+particular\s*,\s*)?"
    rf"(?:according\s+to\s+[^,;]{{1,60}}|(?:he|she|[A-Z][\w\-]+)\s+(?:{alternation(ATTRIBUTING)}))\s*,\s*"
    rf"(?P<ord>{ORDINAL_PATTERN})\s*,\s*",
    re.IGNORECASE,
)
_NUMERAL = re.compile(r"\s*(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})[.)])\s+")
_NOUNS = alternation(PROPOSAL_NOUNS)
_NTH_WORDS = "|".join([*ORDINALS, "last", "final"])
# What "the second (task)" does in its sentence: is, concerns, involves, calls for ...
_NTH_VERBS = (
    r"(?:is|was|are|were|will\s+be|would\s+be|concerns|concerned|involves|involved|calls\s+for|"
    r"called\s+for|relates\s+to)"
)
# "He said the first task is for ...": the list's sentence opens with its attribution.
_SAID = rf"(?:(?:he|she|they|[A-Z][\w\-]+)\s+(?:{alternation(ATTRIBUTING)})\s+(?:that\s+)?)?"
# "The second one is to ...": "one" stands for the noun named before.
_THE_NTH = re.compile(
    _LEAD
    + _SAID
    + r"(?:the|a|an|his|her|its|their|our|my|[A-Z][\w\-]*'s)\s+"
    + rf"(?P<ord>{_NTH_WORDS})\s+(?:(?:{_NOUNS}|one)\b(?:\s*,[^,]{{0,40}},)?\s*(?:{_NTH_VERBS}\b(?:\s+to\b)?|:)?"
    + rf"|{_NTH_VERBS}\b(?:\s+to\b)?)\s*"
    # "Last but not least is to ...", "First is to ...": the ordinal as the subject, bare.
    + rf"|{_LEAD}(?P<bare>{ORDINAL_PATTERN})\s+(?:is|was)\s+(?:to\s+)?",
    re.IGNORECASE,
)
_SUBJECT_ADVERB = re.compile(
    r"\s*(?:He|She|They|We|I|[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)\s+(?:also\s+)?"
    r"(?P<ord>(?:first|second|third|fourth|fifth|sixth|seventh)(?:ly)?|finally|lastly)\s+"
    r"(?=[a-z]+(?:ed|s)\b)"
)
# "To begin with, ... Moreover, ... Finally, ...": a list without numbers. The openers
# start one; the continuers only extend a list that an opener started, since "Moreover"
# is common in prose.
_OPENER = re.compile(
    _LEAD
    + r"(?:to\s+begin\s+with|to\s+start\s+with|first\s+of\s+all|in\s+the\s+first\s+place|for\s+a\s+start)\s*,\s*",
    re.IGNORECASE,
)
_CONTINUER = re.compile(
    _LEAD + r"(?:moreover|furthermore|in\s+addition|additionally|besides|beyond\s+that|what\s+is\s+more|"
    r"next|also|on\s+top\s+of\s+that)\s*,\s*",
    re.IGNORECASE,
)
NEXT = -1  # the rank of a continuer: one more than the item before it
# "-- Deepen trade ..." paragraphs: a list with marks but no numbers. A bullet must open
# its paragraph; bullets a few sentences apart (elaboration between) make one list.
# Any dash, bullet, geometric shape or pictograph opens an item ("\u25ab\ufe0f Complete ...").
_BULLET = re.compile(
    r"\s*(?:--|[-*>\u00b7\u2010-\u2015\u2022\u2023\u2043\u2219\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff])"
    r"[\ufe0e\ufe0f]?\s*(?=[^\W_]|[\"'\u201c(])"
)
BULLET = -2
BULLET_GAP = 4
_INLINE = re.compile(
    rf"(?:^|[:;,(\u2014]\s*(?:and\s+)?|\b(?:that|namely)\s+)(?P<ord>{ORDINAL_PATTERN})\s*,\s*",
    re.IGNORECASE,
)
_INLINE_NUMERAL = re.compile(
    r"(?:^|[:;,]\s*(?:and\s+)?|\s)\((?P<n>\d{1,2})\)\s*|(?:^|[:;]\s*(?:and\s+)?)(?P<m>\d{1,2})[.)]\s+"
)
_TO = re.compile(r"(?:to|that)\s+", re.IGNORECASE)

# A heading longer than this is a sentence: the model words the title instead.
MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class Item:
    """One ordinal-cued candidate: a whole sentence, or a segment of an inline list."""

    rank: int
    sentence: int
    start: int  # the item's own text in the article, after the cue
    end: int
    heading: str | None  # the article's own short heading, when it has one
    style: str


@dataclass
class CandidateList:
    key: str
    items: list[Item] = field(default_factory=list)

    @property
    def first_sentence(self) -> int:
        return self.items[0].sentence


_ATTRIBUTION_TAIL = re.compile(
    r"[,;]?[\"'\u201d\u2019]*\s*,?\s*(?:he|she|they|[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)\s+"
    rf"(?:{alternation(ATTRIBUTING)})\b.*$"
)


def _heading(text: str) -> str | None:
    """The article's own short heading for an item, cleaned of cue, subject and attribution."""
    text = _ATTRIBUTION_TAIL.sub("", text.strip())
    text = strip_subject(text)
    text = _TO.sub("", text, count=1) if _TO.match(text) else text
    text = text.strip().rstrip(".;:,").strip().strip("\"'\u201c\u201d").strip()
    text = re.sub(r"[;,]?\s*(?:and|or)$", "", text).strip()
    if not text or len(text.split()) > MAX_HEADING_WORDS:
        return None
    return text


def _inline_items(sentence: Sentence) -> list[Item]:
    text = sentence.text
    marks = [(ordinal_value(m.group("ord")), m.start("ord"), m.end()) for m in _INLINE.finditer(text)]
    if len(marks) < 2:
        marks = [
            (int(m.group("n") or m.group("m")), m.start(), m.end()) for m in _INLINE_NUMERAL.finditer(text)
        ]
    ranks = [rank for rank, _, _ in marks]
    if (
        len(marks) < 2
        or ranks[0] not in (1, 2)
        or any(b != a + 1 and b != LAST for a, b in itertools.pairwise(ranks))
    ):
        return []
    items = []
    for i, (rank, _, body_start) in enumerate(marks):
        body_end = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        segment = text[body_start:body_end]
        trimmed = segment.rstrip(" ;,").removesuffix(" and").rstrip(" ;,")
        items.append(
            Item(
                rank=rank,
                sentence=sentence.id,
                start=sentence.start + body_start,
                end=sentence.start + body_start + len(trimmed),
                heading=_heading(trimmed),
                style="inline",
            )
        )
    return items


def cue_items(sentence: Sentence) -> list[Item]:
    """The ordinal-cued items a sentence holds: none, one, or an inline list."""
    if inline := _inline_items(sentence):
        return inline
    text = sentence.text
    if bullet := _BULLET.match(text):
        rest = text[bullet.end() :]
        return [
            Item(BULLET, sentence.id, sentence.start + bullet.end(), sentence.end, _heading(rest), "bullet")
        ]
    for style, pattern in (
        ("opener", _OPENER),
        ("continuer", _CONTINUER),
        ("numeral", _NUMERAL),
        ("adverb", _ADVERB),
        ("attributed", _ATTRIBUTED),
        ("the-nth", _THE_NTH),
        ("subject-adverb", _SUBJECT_ADVERB),
    ):
        match = pattern.match(text)
        if not match:
            continue
        if style == "numeral":
            rank = int(match.group("a") or match.group("b"))
        elif style in ("opener", "continuer"):
            rank = 1 if style == "opener" else NEXT
        else:
            rank = ordinal_value(match.group("ord") or match.group("bare"))
        rest = text[match.end() :]
        heading = None if style == "subject-adverb" else _heading(rest)
        if heading is not None and heading[:1].islower() and style == "numeral":
            heading = None
        return [
            Item(
                rank=rank,
                sentence=sentence.id,
                start=sentence.start + (0 if style == "subject-adverb" else match.end()),
                end=sentence.end,
                heading=heading,
                style=style,
            )
        ]
    return []


def candidate_lists(sentences: list[Sentence]) -> list[CandidateList]:
    """Runs of cues ranked 1, 2, 3, ... (one missed cue tolerated), two items or more.

    Several runs stay open at once: a stray "Xi first proposed ..." between a list's
    fourth and fifth items opens a run of its own instead of cutting the list short.
    """
    runs: list[list[Item]] = []
    previous_paragraph = -1
    for sentence in sentences:
        opens_paragraph = sentence.paragraph != previous_paragraph
        previous_paragraph = sentence.paragraph
        for item in cue_items(sentence):
            if item.rank == BULLET:
                if not opens_paragraph:
                    continue
                run = runs[-1] if runs and runs[-1][0].style == "bullet" else None
                if run is not None and item.sentence - run[-1].sentence <= BULLET_GAP:
                    run.append(replace(item, rank=run[-1].rank + 1))
                else:
                    runs.append([replace(item, rank=1)])
                continue
            open_run = next((run for run in reversed(runs) if _extends(run, item)), None)
            if open_run is not None:
                if item.rank == NEXT:
                    item = replace(item, rank=open_run[-1].rank + 1)
                open_run.append(item)
            elif item.rank == 1 or (item.rank == 2 and item.style in _MARKED_SECOND):
                runs.append([item])
    runs = [_with_first(run, sentences) if run[0].rank == 2 else run for run in runs]
    lists = [items for items in runs if len(items) >= 2]
    return [CandidateList(key=f"L{i}", items=items) for i, items in enumerate(lists, 1)]


# "Second, ..." can open a list whose first point carries no ordinal ("Hu put forward a
# five-point proposal. The two sides should ... Second, ...").
_MARKED_SECOND = ("adverb", "attributed", "numeral", "the-nth")
_COUNTED = rf"\b(?:{CARDINAL_PATTERN})(?:-point)?\s+(?:[\w-]+\s+)?(?:{_NOUNS})\b"
_INTRODUCES = re.compile(rf"\b(?:{alternation(PROPOSAL_STEMS)})\b|{_COUNTED}|:\s*$", re.IGNORECASE)
# "A was one of three priorities set by ...": the introduction is itself the first point.
_ONE_OF = re.compile(rf"\bone\s+of\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?{_COUNTED}", re.IGNORECASE)
INTRO_LOOKBACK = 4


def _with_first(run: list[Item], sentences: list[Sentence]) -> list[Item]:
    """The unnumbered first point: the sentence right after the list's introduction."""
    by_id = {s.id: s for s in sentences}
    second = run[0].sentence
    for intro in range(second - 1, max(0, second - 1 - INTRO_LOOKBACK), -1):
        if intro in by_id and _INTRODUCES.search(by_id[intro].text):
            first = by_id[intro] if _ONE_OF.search(by_id[intro].text) else by_id.get(intro + 1)
            if first is None or first.id >= second or cue_items(first):
                return []
            item = Item(1, first.id, first.start, first.end, _heading(first.text), "unmarked")
            return [item, *run]
    return []


def _extends(run: list[Item], item: Item) -> bool:
    last = run[-1].rank
    if item.rank == NEXT:
        return run[0].style == "opener" and last != LAST
    return last != LAST and (item.rank in (last + 1, last + 2) or item.rank == LAST)
