"""Whose proposal a possessive names: "Annan's six-point proposal includes ..." reports a plan
of someone other than the speaker (a round-up of reactions to it), while "China's proposal"
or "the premier's plan" is the speaker's side's own.

A possessive is another person's when its word is no part of the speaker's name and the
article writes it as a person's surname somewhere: after a given name or an office ("Kofi
Annan", "President Putin"). A place's second word ("South Africa's plan"), a body's last
word ("the African Union's") and initials are no surnames.
"""

from __future__ import annotations

import re

from .lexicon import PROPOSAL_NOUNS, alternation
from .names import name_parts

_POSSESSIVE = re.compile(
    rf"(?<![\w'\-])([A-Z][\w\-]+)['\u2019]s\s+(?:[\w-]+\s+){{0,2}}?(?i:{alternation(PROPOSAL_NOUNS)}|plan)\b"
)
# The first words of two-word places: before a capitalised word they make a place, not a person.
_PLACE_FIRST_WORDS = frozenset((
    "South", "North", "East", "West", "New", "Saudi", "Sri", "Costa", "Hong", "United", "Czech", "El",
    "Puerto", "Sierra", "Burkina", "Papua", "Equatorial", "Central", "Latin", "Middle", "Southeast", "Northeast",
))  # fmt: skip


# Bodies' last words ("the African Union's Agenda 2063") and initials ("MLC's") are no surnames.
_BODIES = frozenset((
    "Union", "Nations", "States", "Organization", "Organisation", "Council", "Community", "Bank", "Forum",
    "Group", "Republic", "Kingdom", "Federation", "Committee", "Commission", "Ministry", "Government",
    "Office", "League", "Movement",
))  # fmt: skip


def _is_surname(word: str, article_text: str) -> bool:
    if word in _BODIES or word.isupper():
        return False
    # A match starts only where a word starts: inside one very long "word" every start would
    # otherwise rescan it (quadratic time).
    before = re.finditer(rf"(?<![\w\-])([A-Z][\w\-]+)\s+{re.escape(word)}\b", article_text)
    return any(match.group(1) not in _PLACE_FIRST_WORDS for match in before)


def someone_elses(text: str, speaker: str | None, article_text: str) -> str | None:
    """The person, not the speaker, whose proposal `text` names by a possessive; else None.
    With no speaker known, None: whose it is cannot be told."""
    parts = set(name_parts(speaker))
    if not parts:
        return None
    for match in _POSSESSIVE.finditer(text):
        owner = match.group(1)
        if owner not in parts and _is_surname(owner, article_text):
            return owner
    return None


def owned_count(text: str, count_text: str, speaker: str | None, article_text: str) -> bool:
    """The stated count belongs to someone else's set: "Annan's six-point proposal"."""
    at = text.find(count_text)
    if at < 0:
        return False
    possessive = re.search(r"(?<![\w'\-])[A-Z][\w\-]+['\u2019]s\s+(?:[\w-]+\s+)?$", text[:at])
    return (
        possessive is not None
        and someone_elses(text[possessive.start() :], speaker, article_text) is not None
    )
