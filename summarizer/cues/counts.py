"""Read the stated number of proposals ("four suggestions", "a five-point proposal").

Only a cardinal next to a proposal noun counts: "the 14th meeting", "three decades" and
"two sessions" are not stated counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sentences import Sentence
from .lexicon import MONTHS, PROPOSAL_NOUNS, alternation
from .numbers import CARDINAL_PATTERN, ORDINAL_PATTERN, cardinal_value, ordinal_value

# After a number, the plural nouns ("four points"; "one point" is an idiom): "fronts" and
# "pieces" only in their fixed phrases ("on two fronts" counts nothing).
# Parts of one thing ("a Global Index of four key elements") are not a set of proposals.
_NOT_COUNTED = ("pieces?", "fronts?", "elements?", "components?")
_NOUNS = alternation(
    [n.replace("s?", "s").replace("(?:y|ies)", "ies") for n in PROPOSAL_NOUNS if n not in _NOT_COUNTED],
    [r"pieces\s+of\s+advice", r"proposals?", r"suggestions?", "agenda"],
)
_ADJECTIVES = (
    r"new|key|specific|concrete|important|major|main|practical|more|further|fresh|"
    r"broad|core|basic|principal|separate|initial|policy|cooperation|point|strategic|additional|"
    r"joint|urgent|immediate|fundamental|constructive|comprehensive|tangible|"
    # a proper adjective: "four BRICS priorities", "four Mekong-Lancang cooperation areas"
    r"(?-i:[A-Z][\w]*(?:-[A-Z][\w]*)*)"
)
_PATTERNS = [
    # "four suggestions", "three new proposals", "five key priorities"
    re.compile(
        rf"\b(?P<n>{CARDINAL_PATTERN})\s+(?:(?:{_ADJECTIVES})\s+){{0,2}}(?:{_NOUNS})\b",
        re.IGNORECASE,
    ),
    # "a five-point proposal", "a six-pronged approach", "a three-part plan"
    re.compile(rf"\b(?P<n>{CARDINAL_PATTERN})[\s-](?:point|pronged|part|item)\b", re.IGNORECASE),
    # "The fifth and final initiative": the last of five
    re.compile(
        rf"\b(?P<nth>{ORDINAL_PATTERN})\s+and\s+(?:final|last)\s+(?:{alternation(PROPOSAL_NOUNS)})\b",
        re.IGNORECASE,
    ),
    # "a single proposal", "one proposal"
    re.compile(
        r"\b(?:a\s+single|one\s+(?:single\s+)?)\s*(?:proposal|suggestion|initiative)\b", re.IGNORECASE
    ),
]
# Words that put a count (or a list) on an earlier occasion.
PAST = re.compile(
    rf"\b(?:last\s+year|past\s+year|looking\s+back|previously|in\s+(?:(?:{'|'.join(MONTHS)})\s+)?(?:19|20)\d\d|"
    r"had\s+(?:\w+ly\s+)?(?:put|made|proposed|offered|outlined|set|urged|suggested|called)|ago|back\s+in|at\s+the\s+last|a\s+year\s+before|"
    r"over\s+the\s+past)\b",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"\band\s+(?:final|last)\b", re.IGNORECASE)
_OTHER_THINGS = re.compile(r"^\s*(?:of|from|by)\s+(?:the\s+)?(?:his|her|their)", re.IGNORECASE)


@dataclass(frozen=True)
class CountCue:
    value: int
    sentence: int  # 0 for the headline
    text: str  # the matched words, e.g. "four suggestions"
    past: bool  # the sentence speaks of an earlier occasion


def count_cues(sentences: list[Sentence], headline: str | None = None) -> list[CountCue]:
    """Every stated-count phrase, headline first, in article order."""
    sources = ([(0, headline)] if headline else []) + [(s.id, s.text) for s in sentences]
    cues = []
    for sentence_id, text in sources:
        for pattern in _PATTERNS:
            for match in pattern.finditer(text):
                if _OTHER_THINGS.match(text[match.end() :]):
                    continue
                if "n" in pattern.groupindex:
                    value = cardinal_value(match.group("n"))
                elif "nth" in pattern.groupindex:
                    value = ordinal_value(match.group("nth"))
                else:
                    value = 1
                past = bool(PAST.search(text)) or any(c.past and _same_set(c, value, match[0]) for c in cues)
                cues.append(CountCue(value=value, sentence=sentence_id, text=match.group(0), past=past))
    return cues


def _same_set(cue: CountCue, value: int, text: str) -> bool:
    """Whether a count names the set an earlier cue named ("a four-point plan he had put
    forward two years ago" ... "his four-point peace plan"): a past set stays past."""
    return cue.value == value and _noun(cue.text) == _noun(text)


def _noun(count: str) -> str:
    return count.lower().replace("-", " ").split()[-1]


def stated_count(cues: list[CountCue], first_item: int | None, list_size: int | None) -> CountCue | None:
    """The count the article states for the chosen list of proposals.

    Only phrases about this occasion (no "last year") at or before the list's first item
    count. With no list, the first present-tense phrase stands (a single unnumbered
    proposal).
    """
    present = [c for c in cues if not c.past]
    if not present:
        return None
    if first_item is None:
        return present[0]
    # "The fifth and final initiative ..." states the total where the list ends.
    before = [c for c in present if c.sentence <= first_item or _CLOSING.search(c.text)]
    if not before:
        return None
    # A count that agrees with the list found is the likelier one (the nearest such);
    # else the nearest count, whose disagreement the caller reports.
    agreeing = [c for c in before if c.value == list_size]
    if agreeing:
        return max(agreeing, key=lambda c: c.sentence)
    nearest = max(c.sentence for c in before)
    return next(c for c in before if c.sentence == nearest)
