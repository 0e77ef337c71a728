"""Patterns and values of the number words (the words themselves are in `lexicon`)."""

from __future__ import annotations

from .lexicon import CARDINALS, CLOSERS, LAST, ORDINALS

__all__ = ["CARDINALS", "CLOSERS", "LAST", "ORDINALS", "cardinal_value", "ordinal_value"]

ORDINAL_WORDS = {**ORDINALS, **{w + "ly": n for w, n in ORDINALS.items()}, **CLOSERS}

CARDINAL_PATTERN = "|".join([*CARDINALS, r"\d{1,2}"])
ORDINAL_PATTERN = "|".join(
    [*sorted(ORDINAL_WORDS, key=len, reverse=True), "last but not least", "first and foremost"]
)


def cardinal_value(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else CARDINALS[word]


def ordinal_value(word: str) -> int:
    word = word.lower()
    if word.startswith("last but"):
        return LAST
    if word.startswith("first and"):
        return 1
    return ORDINAL_WORDS[word]
