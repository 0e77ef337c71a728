"""Which sentences belong to each proposal: its cue sentence and the ones elaborating it.

An item runs from its cue sentence to the next item's, but stops early at material that
is not the speaker's: a paragraph with no attribution to the speaker ("The meeting also
reviewed ...", a reaction, statistics) ends it. Sentences in the cue's own paragraph
always belong to it.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .cues.lexicon import ORDINALS, SPEECH, alternation
from .cues.names import any_part
from .cues.ordinals import Item, cue_items
from .sentences import Sentence

# The last item has no next cue to stop at: it takes at most this many more sentences.
MAX_TRAILING_SENTENCES = 4
_SPEECH = alternation(SPEECH)
_PRONOUN_ATTRIBUTION = re.compile(
    rf"\b(?:he|she)\s+(?:also\s+)?(?:{_SPEECH})\b|^\s*[\"']?(?:He|She)\s", re.IGNORECASE
)


_TOPIC_SHIFT = re.compile(
    r"^\W*(?:later|separately|meanwhile|elsewhere|earlier|also\s+on|in\s+a\s+separate|"
    r"on\s+the\s+sidelines|at\s+the\s+same\s+time|turning\s+to)\b|\bturning\s+to\b|\brecall(?:ed|ing|s)\b",
    re.IGNORECASE,
)
_ORDINAL_REFERENCE = re.compile(
    rf"\bthe\s+({alternation(ORDINALS)})\b(?:\s+(?:one|suggestion|proposal|point|"
    r"priority|item))?(?!\s+(?:time|visit|meeting|summit|round|session))",
    re.IGNORECASE,
)


def _name_near_speech(name: str | None) -> str | None:
    names = any_part(name)
    if names is None:
        return None
    return (
        rf"{names}(?:\s+[\w'-]+){{0,2}}?\s+(?:also\s+)?(?:{_SPEECH})\b"
        rf"|\b(?:{_SPEECH})(?:\s+[\w'-]+){{0,2}}?\s+{names}"
    )


def speaker_pattern(name: str | None) -> re.Pattern[str]:
    """Attribution to the speaker: part of their name (as written) next to a speech verb
    ("Wang said", "said Wang", "according to Xi"), or "he/she said".

    A bare mention ("The figures Wang cited come from ...") is the journalist's voice.
    """
    near = _name_near_speech(name)
    if near is None:
        return _PRONOUN_ATTRIBUTION
    return re.compile(rf"{near}|{_PRONOUN_ATTRIBUTION.pattern}", re.IGNORECASE)


def speaks_in(name: str, text: str) -> bool:
    """The article has this person say or propose something ("Keller said", "said Keller")."""
    near = _name_near_speech(name)
    return near is not None and re.search(near, text, re.IGNORECASE) is not None


def _continues(sentence: Sentence, speaker: re.Pattern[str]) -> bool:
    return (
        bool(speaker.search(sentence.text))
        and not cue_items(sentence)
        and not _TOPIC_SHIFT.search(sentence.text)
    )


def item_sentences(sentences: list[Sentence], items: list[Item], speaker_name: str | None) -> list[list[int]]:
    """Sentence ids of each item's evidence, in article order."""
    speaker = speaker_pattern(speaker_name)
    by_id = {s.id: s for s in sentences}
    last_id = sentences[-1].id if sentences else 0
    result: list[list[int]] = [[item.sentence] for item in items]
    starts = sorted({item.sentence for item in items})
    for n, first in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else last_id + 1
        limit = stop if n + 1 < len(starts) else min(stop, first + 1 + MAX_TRAILING_SENTENCES)
        following = _following(by_id, first, limit, speaker)
        owners = [i for i, item in enumerate(items) if item.sentence == first]
        previous: int | None = None
        for sentence_id in following:
            previous = _owner(by_id[sentence_id], [items[i] for i in owners], by_id, previous)
            result[owners[previous]].append(sentence_id)
    return result


def _following(by_id: dict[int, Sentence], first: int, limit: int, speaker: re.Pattern[str]) -> list[int]:
    paragraph = by_id[first].paragraph
    taken: list[int] = []
    for sentence_id in range(first + 1, limit):
        sentence = by_id[sentence_id]
        if sentence.paragraph != paragraph:
            if not _continues(sentence, speaker):
                break
            paragraph = sentence.paragraph
        taken.append(sentence_id)
    return taken


def _owner(sentence: Sentence, owners: list[Item], by_id: dict[int, Sentence], previous: int | None) -> int:
    """For an inline list, which segment an elaborating sentence belongs to.

    "On the first suggestion, ..." names it; a sentence naming none follows the one before
    it, and the first such sentence goes to the segment it echoes most.
    """
    if len(owners) == 1:
        return 0
    if match := _ORDINAL_REFERENCE.search(sentence.text):
        rank = ORDINALS[match.group(1).lower()]
        for n, item in enumerate(owners):
            if item.rank == rank:
                return n
    if (named := _names_segment(sentence, owners)) is not None:
        return named  # "On climate action, he said ...": the segment by its own words
    if previous is not None:
        return previous
    cue = by_id[owners[0].sentence]
    scores = [
        fuzz.token_set_ratio(sentence.text, cue.text[item.start - cue.start : item.end - cue.start])
        for item in owners
    ]
    return max(range(len(owners)), key=scores.__getitem__)


def _stems(text: str) -> set[str]:
    return {w.lower().removesuffix("s") for w in re.findall(r"[A-Za-z]{4,}", text)}


def _names_segment(sentence: Sentence, owners: list[Item]) -> int | None:
    """The segment whose every content word the sentence has ("climate action" in "On
    climate action, ..."), the longest such; None where none is named."""
    words = _stems(sentence.text)
    named = [
        (len(stems), n)
        for n, item in enumerate(owners)
        if (stems := _stems(item.heading or "")) and stems <= words
    ]
    return max(named)[1] if named else None
