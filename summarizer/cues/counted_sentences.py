"""A count followed by as many sentences, each calling for action: the points, one to a
sentence, with no ordinal and often no attribution ("Peru has proposed three steps. The
minister stressed sharing flood data. Weather stations must be built jointly. Young
hydrologists should train together.").

The sentences must follow the count's sentence at once and every one must call for action
(a modal, a proposing verb, or an emphasising verb before a gerund or "the need"), and none
may name the set again or carry an ordinal: a count followed by reasons, history or
reactions makes no list. Only an article with no list the text marks gets one (ordinals,
bullets and numbers, where there are any, are the writer's own division).

A count whose set is announced with a colon ("The key points of the proposal are as
follows:") is followed by its points one to a paragraph, unmarked: the colon is the mark, so
these need not call for action ("The establishment of ...", "Meeting the needs of ...").
"""

from __future__ import annotations

import itertools
import re

from ..sentences import Sentence
from .counts import CountCue
from .lexicon import EMPHASISING, alternation
from .ordinals import CandidateList, Item, cue_items
from .verbs import DIRECTIVE, opens_with_policy_verb

COUNTED = "counted"  # the style of an item that is a whole sentence after a count
MAX_POINTS = 8
_EMPHASIS = re.compile(
    rf"\b(?:{alternation((*EMPHASISING, 'stressed', 'stresses'))})\s+(?:the\s+need\s+(?:to|for)\b|[a-z]+ing\b)",
    re.IGNORECASE,
)


# A sentence that names the set again ("Xi made the suggestions in his talks") is no point of it.
_NAMES_THE_SET = re.compile(
    r"\b(?:the|these|those|his|her|their|its)\s+(?:[\w-]+\s+)?"
    r"(?:proposals|suggestions|recommendations|initiatives|ideas|points|measures|steps|priorities)\b",
    re.IGNORECASE,
)


def _calls_for_action(sentence: Sentence) -> bool:
    text = sentence.text
    if _NAMES_THE_SET.search(text) or cue_items(sentence):
        return False  # the set named again, or an ordinal's point (the ordinal lists have it)
    return bool(DIRECTIVE.search(text) or _EMPHASIS.search(text)) or opens_with_policy_verb(text)


# "The key points are as follows:", "His proposals were:", "include:": a set announced with a
# colon, the first point sometimes run on after it with no space (as some pages store it).
_ANNOUNCED = re.compile(
    r"\b(?:follows|following|are|were|include[sd]?|namely|"
    r"proposals?|suggestions|recommendations|initiatives|ideas|points|measures|steps|priorities)\s*:\s*",
    re.IGNORECASE,
)
# How far (in sentences) the colon may stand after the count ("a three-point proposal ...
# The key points of the proposal are as follows:").
ANNOUNCEMENT_REACH = 3
# Words after the colon that make a first point of their own (not a stray "The" or a date).
MIN_RUN_ON_WORDS = 3


def announced_paragraphs(
    sentences: list[Sentence], cues: list[CountCue], first_key: int
) -> list[CandidateList]:
    """A list for each present count announced with a colon and followed by as many
    paragraphs as it states (the first point may run on after the colon)."""
    lists: list[CandidateList] = []
    for cue in cues:
        if cue.past or not 2 <= cue.value <= MAX_POINTS:
            continue
        near = [s for s in sentences if cue.sentence <= s.id <= cue.sentence + ANNOUNCEMENT_REACH]
        colon = next(((s, m) for s in near if (m := _ANNOUNCED.search(s.text))), None)
        if colon is None:
            continue
        items = _paragraph_items(sentences, *colon, cue.value)
        if items and not any(found.items == items for found in lists):
            lists.append(CandidateList(key=f"L{first_key + len(lists)}", items=items))
    return lists


def _paragraph_items(
    sentences: list[Sentence], announcing: Sentence, colon: re.Match[str], count: int
) -> list[Item]:
    """The first sentence of each of the next paragraphs, `count` in all, counting the words
    run on after the colon as the first; none of them a list mark's (the marked lists have
    those) nor a new announcement."""
    starts: list[Sentence] = []
    tail = announcing.text[colon.end() :]
    if len(tail.split()) >= MIN_RUN_ON_WORDS:
        starts.append(announcing)
    paragraphs = [s for s in sentences if s.id > announcing.id and s.paragraph > announcing.paragraph]
    firsts = [s for n, s in enumerate(paragraphs) if n == 0 or s.paragraph != paragraphs[n - 1].paragraph]
    starts += firsts[: count - len(starts)]
    if len(starts) != count or any(cue_items(s) or _ANNOUNCED.search(s.text) for s in starts[1:]):
        return []
    if any(b.paragraph - a.paragraph != 1 for a, b in itertools.pairwise(starts[1:])):
        return []  # the points stand in consecutive paragraphs
    items = []
    for rank, s in enumerate(starts, 1):
        start = announcing.start + colon.end() if s is announcing else s.start
        items.append(Item(rank, s.id, start, s.end, None, COUNTED))
    return items


def counted_sentences(sentences: list[Sentence], cues: list[CountCue], first_key: int) -> list[CandidateList]:
    """A list for each present count whose next sentences, as many as it states, all call
    for action."""
    by_id = {s.id: s for s in sentences}
    lists: list[CandidateList] = []
    for cue in cues:
        if cue.past or cue.sentence == 0 or not 2 <= cue.value <= MAX_POINTS:
            continue
        run = [by_id.get(cue.sentence + n) for n in range(1, cue.value + 1)]
        if all(s is not None and _calls_for_action(s) for s in run):
            items = [Item(rank, s.id, s.start, s.end, None, COUNTED) for rank, s in enumerate(run, 1) if s]
            if not any(found.items == items for found in lists):
                lists.append(CandidateList(key=f"L{first_key + len(lists)}", items=items))
    return lists
