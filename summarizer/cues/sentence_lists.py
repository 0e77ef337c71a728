"""Candidate lists cut from single sentences: a sentence whose coordination holds as many
items as a count near it states ("Xi made the four proposals"), one that lists proposals
between semicolons, one whose subject is the set ("These proposals included A and B",
continued by "Other points she listed are: ..."), and one whose proposing verb takes three
or more gerunds ("proposed upholding A, making clear B and strengthening C").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..sentences import Sentence
from .clauses import (
    COUNT_REACH,
    GERUND,
    INTRODUCER,
    MIN_SEMICOLON_ITEMS,
    PROPOSING_INTRODUCER,
    clause_items,
    coordination,
    phrases_fit,
    renumbered,
    semicolon_list,
    sentence_list,
    top_level_cuts,
    without_attribution,
)
from .counts import CountCue
from .lexicon import PROPOSAL_NOUNS, alternation
from .ordinals import CandidateList, Item, cue_items

# "These proposals inter alia included A and B", "Further points of the plan she presented
# include C, D and E", "Other points she listed are: F and G": the subject is the set.
_SET_INCLUDES = re.compile(
    r"^\W*(?P<det>these|the|his|her|their|its|those|such|other|additional|further|more)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{alternation(PROPOSAL_NOUNS)})(?:\s+[^,;:]{{1,60}}?)?"
    r"\s+(?:inter\s+alia\s+)?(?:included|includes|include|comprised|comprise|were|are)\b(?:\s+inter\s+alia)?\s*:?\s*",
    re.IGNORECASE,
)
# Such a subject that adds to a set named just before: its items continue that list.
_CONTINUES_SET = ("other", "additional", "further", "more")
CONTINUE_REACH = 2


def included_list(sentence: Sentence) -> list[Item]:
    """The items of a sentence whose subject is the set of proposals and whose verb lists
    them ("These proposals included A and B"), however many and with no count near."""
    region = without_attribution(sentence.text)
    if (opening := _SET_INCLUDES.match(region)) is None:
        return []
    rest = region[opening.end() :]
    spans = coordination(rest)
    if len(spans) == 1 and len(ands := top_level_cuts(rest, " and ")) == 1:
        spans = [(0, ands[0]), (ands[0] + len(" and "), len(rest))]  # "A and B": one "and", two items
    if len(spans) >= 2 and phrases_fit(rest, spans):
        return clause_items(sentence, opening.end(), rest, spans)
    return []


def gerund_list(sentence: Sentence) -> list[Item]:
    """Three or more actions that a proposing verb puts forward, each opening with a gerund
    ("proposed upholding A, making clear B, abiding by C, and strengthening D"): a list
    however far from the count that announced it."""
    region = without_attribution(sentence.text)
    for introducer in reversed(list(INTRODUCER.finditer(region))):
        if not PROPOSING_INTRODUCER.match(introducer.group()):
            continue
        rest = region[introducer.end() :]
        spans = coordination(rest)
        gerunds = all(GERUND.match(rest[s:e]) for s, e in spans)
        if len(spans) >= MIN_SEMICOLON_ITEMS and gerunds and phrases_fit(rest, spans):
            return clause_items(sentence, introducer.end(), rest, spans)
    return []


def clause_lists(sentences: list[Sentence], cues: list[CountCue], first_key: int = 1) -> list[CandidateList]:
    """A list per sentence whose coordination holds as many items as a count near it
    states, or that lists proposals between semicolons."""
    lists: list[CandidateList] = []
    for sentence in sentences:
        if len(cue_items(sentence)) > 1:
            continue  # an inline "first, ...; second, ..." list: the ordinal cues have it
        sizes = {
            c.value
            for c in cues
            if not c.past
            and c.value >= 2
            and c.sentence > 0  # a headline's count is no reason to split a sentence far below
            and abs(c.sentence - sentence.id) <= COUNT_REACH
        }
        counted = (sentence_list(sentence, size) for size in sorted(sizes, reverse=True))
        found = next((found for found in counted if found), None) or semicolon_list(sentence)
        if not (items := found or _uncounted_list(sentence, cues, sizes)):
            continue
        if lists and _continues(sentence, lists[-1]):
            lists[-1] = replace(lists[-1], items=renumbered([*lists[-1].items, *items]))
        else:
            lists.append(CandidateList(key=f"L{first_key + len(lists)}", items=items))
    return lists


def _uncounted_list(sentence: Sentence, cues: list[CountCue], sizes: set[int]) -> list[Item]:
    """A list no count near it states: the set as the subject, or gerunds after a proposing
    verb. A count near that it does not match says the set is larger ("eight suggestions
    ... asked for A; further, for B, C, ... G": the count's spread takes those)."""
    if sizes:
        return []
    earlier = any(c.past and c.sentence == sentence.id for c in cues)  # "last year, a four-point plan"
    return included_list(sentence) or ([] if earlier else gerund_list(sentence))


def _continues(sentence: Sentence, before: CandidateList) -> bool:
    """ "Other points she listed are: ..." right after a list of the plan's points."""
    opening = _SET_INCLUDES.match(without_attribution(sentence.text))
    near = 0 < sentence.id - before.items[-1].sentence <= CONTINUE_REACH
    return bool(opening) and opening["det"].lower() in _CONTINUES_SET and near
