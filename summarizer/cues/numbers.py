"""Number words shared by the count and ordinal cues."""

from __future__ import annotations

CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

# "Finally," / "Last but not least," close a list whatever its length.
LAST = 99
CLOSERS = {"finally": LAST, "lastly": LAST, "last": LAST, "final": LAST}

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
