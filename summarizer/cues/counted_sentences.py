"""A count followed by as many sentences, each calling for action: the points, one to a
sentence, with no ordinal and often no attribution ("Peru has proposed three steps. The
minister stressed sharing flood data. Weather stations must be built jointly. Young
hydrologists should train together.").

The sentences must follow the count's sentence at once and every one must call for action
(a modal, a proposing verb, or an emphasising verb before a gerund or "the need"), and none
may name the set again or carry an ordinal: a count followed by reasons, history or
reactions makes no list. Only an article with no list the text marks gets one (ordinals,
bullets and numbers, where there are any, are the writer's own division).
"""

from __future__ import annotations

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
