"""The several things one verb puts forward: "proposed a ceasefire, humanitarian aid, an
intra-Yemeni dialogue and a broad-based government", "supported "the creation of ..." and
"the formation of ..."".

With no count stated, `clauses` splits a sentence only at semicolons. A coordination of
objects after a proposing verb is the other sure sign of several proposals, provided the
objects are parallel: each opens alike (an article, a gerund, an infinitive; three or more
noun phrases may mix "a ceasefire" and "humanitarian aid") and none is the name of someone
("urged the UN and the EU" asks people, not things). Each item is a
clause of the sentence: its evidence is the sentence, its heading the object.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..sentences import Sentence
from .clauses import CLAUSE, MAX_ITEM_WORDS, MIN_ITEM_WORDS, top_level_cuts, trimmed, without_attribution
from .lexicon import FUNCTION_WORDS, SAYING, SPEAKING_GERUNDS, alternation
from .ordinals import Item

# Verbs whose object is the thing proposed (not "urged" or "called on": their object is a
# person, the thing comes after "to").
_PUTS = re.compile(
    # "it is necessary to establish a fund, TV channel and a centre": things to be created.
    r"\b(?:(?:necessary|need|needs|important|propos(?:ed|es)|suggest(?:ed|s))\s+to\s+"
    r"(?:establish|create|set\s+up|form|launch|open|build)"
    r"|propos(?:ed|es)|suggest(?:ed|s)|put(?:s)?\s+forward|call(?:ed|s|ing)\s+for|advocated|"
    r"support(?:ed|s)|ask(?:ed|s)\s+for)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_OPENINGS = {
    "article": re.compile(r"[\"'\u201c\u2018]?(?:a|an|the)\s+\S", re.IGNORECASE),
    "gerund": re.compile(r"[\"'\u201c\u2018]?[a-z]+ing\s"),
    "infinitive": re.compile(r"to\s+[a-z]+\s"),
}
MAX_OBJECTS = 6
_REPORTED = re.compile(rf"^[^,]{{0,40}}\b(?:{alternation(SAYING)}|reported|wrote|quoted|cited)\b")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def _opening(phrase: str) -> str | None:
    """How an object opens: "article", "gerund", "infinitive", "bare" (a noun phrase with no
    article: "regional trade", "TV channel"), or None (an attribution, a clause, a name)."""
    first = phrase.split(maxsplit=1)[0].lower().strip("\"'\u201c\u2018")
    if first in SPEAKING_GERUNDS:
        return None  # ", saying the two sides should ...": an attribution, not an object
    kind = next((kind for kind, pattern in _OPENINGS.items() if pattern.match(phrase)), None)
    if (
        kind is None
        and first.isalpha()
        and first not in FUNCTION_WORDS
        and not _names_someone("the " + phrase)
    ):
        kind = "bare"
    return kind


def _parallel(phrases: list[str]) -> bool:
    """Every object opens alike; three or more noun phrases may mix articles and bare nouns
    ("a ceasefire, humanitarian assistance, an intra-Yemeni dialogue and ..."), two may not
    ("the security and stability of the region" is one thing)."""
    kinds = {_opening(p) for p in phrases}
    if None in kinds:
        return False
    return (len(kinds) == 1 and kinds != {"bare"}) or (len(phrases) >= 3 and kinds == {"article", "bare"})


def _names_someone(phrase: str) -> bool:
    """ "the United Nations", "the EU": every word after the article is capitalised."""
    words = re.findall(r"[A-Za-z][\w\-]*", phrase)[1:]
    return bool(words) and all(w[0].isupper() for w in words)


def _objects(text: str) -> list[tuple[int, int]]:
    """ "A, B, C and D" or "A and B", cut only outside brackets and quotes; the last piece
    splits at its one top-level "and"."""
    bounds, start = [], 0
    for cut in top_level_cuts(text, ","):
        bounds.append((start, cut))
        start = cut + 1
    last_start = start
    last = text[last_start:]
    ands = top_level_cuts(last, " and ")
    # "soft and infrastructure connectivity and a framework against ...": of several, the
    # one "and" that opens a new article splits.
    opening = [n for n in ands if re.match(r"(?:a|an|the)\s", last[n + len(" and ") :])]
    cut = ands[0] if len(ands) == 1 else opening[0] if len(opening) == 1 else None
    # "both bilaterally and through the OIC": one qualification, not two objects.
    if cut is not None and not last.lstrip().startswith(("and ", "both ")):
        bounds.append((last_start, last_start + cut))
        last_start += cut + len(" and ")
    bounds.append((last_start, len(text)))
    return [(s, e) for s, e in (trimmed(text, s, e) for s, e in bounds) if e > s]


def object_items(sentence: Sentence) -> list[Item]:
    """One item per object of the sentence's proposing verb, or none."""
    region = without_attribution(sentence.text)
    if not _PUTS.search(region):  # "CAIRO, June 6 - Nabil proposed A and B": a dateline's comma
        region = sentence.text.rstrip(" .")
    # The last such verb: "proposed an eight-pronged course of action calling for A, B ...".
    verb = next(reversed(list(_PUTS.finditer(region))), None)
    if verb is None:
        return []
    rest = region[verb.end() :]
    spans = _objects(rest)
    if spans and _REPORTED.search(rest[spans[-1][0] : spans[-1][1]]):
        spans = spans[:-1]  # ", the media reported on Friday" closes the sentence
    phrases = [rest[s:e] for s, e in spans]
    if (
        not 2 <= len(spans) <= MAX_OBJECTS
        or not _parallel(phrases)
        or any(not MIN_ITEM_WORDS <= len(p.split()) <= MAX_ITEM_WORDS for p in phrases)
        or any(_names_someone(p) for p in phrases)
    ):
        return []
    offset = sentence.start + verb.end()
    items = []
    for rank, (start, end) in enumerate(spans, 1):
        while start < end and rest[start] in _QUOTES:  # a quoted object: its words, unquoted
            start += 1
        while end > start and rest[end - 1] in _QUOTES:
            end -= 1
        items.append(Item(rank, sentence.id, offset + start, offset + end, rest[start:end], CLAUSE))
    return items


def split_objects(sentences: list[Sentence], items: list[Item]) -> list[Item]:
    """Each whole-sentence item whose verb puts several things forward becomes one item per
    thing, ranks renumbered."""
    by_id = {s.id: s for s in sentences}
    split = [part for item in items for part in (object_items(by_id[item.sentence]) or [item])]
    return [replace(item, rank=rank) for rank, item in enumerate(split, 1)]
