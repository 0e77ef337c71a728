"""All points in one sentence: "should A, B, C, and D", "the four areas include A, B, C and
D", "four proposals - A, B, C and D", "provides for A; B", "proposed A, B, C and D".

Commas alone make no list (a sentence of adjectives has as many), so a comma list is a
candidate only when a count stated in it or next to it ("Xi made the four proposals")
names exactly as many items as its coordination holds. Semicolons are the writer's own
list marks: three or more phrases between them, after a verb that puts them forward, are
a candidate whatever count stands near ("calls for A and for B; for C; and for D"). Each
item is a clause of the sentence: its evidence is the sentence, its heading the clause.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..sentences import Sentence
from .lexicon import PUTTING_FORWARD, SPEECH, alternation
from .ordinals import Item
from .verbs import opens_with_policy_verb

CLAUSE = "clause"  # the style of an item cut from one sentence's coordination
# How far (in sentences) a stated count may stand from the sentence holding its list.
COUNT_REACH = 3
MAX_ITEM_WORDS = 30
# A proposal is a phrase: one-word items are the adjectives of one noun ("common,
# comprehensive, cooperative and sustainable security").
MIN_ITEM_WORDS = 2
# A list marked by semicolons alone (no count beside it) holds at least this many phrases.
MIN_SEMICOLON_ITEMS = 3
# Where a coordination of proposals starts: after a modal ("should A, B and C"), a verb of
# inclusion ("include A, B and C"), a copula after the count noun ("were A, B and C") or a
# colon or dash ("four proposals - A, B and C").
INTRODUCER = re.compile(
    r"\b(?:should|must|need\s+to|will|include|includes|included|including|are|were|namely|"
    rf"provides?\s+for|as\s+follows|{alternation(PUTTING_FORWARD)})\b\s*:?\s*|\s*[:\u2014\u2013]\s*|\s--?\s+",
    re.IGNORECASE,
)
# A semicolon list is the speaker's only when a verb that puts something forward opens it:
# after a dash or colon it may be the parts of one thing ("an index comprising four
# elements - A; B; C; and D").
PROPOSING_INTRODUCER = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)}|provides?\s+for|include[sd]?|including)\b", re.IGNORECASE
)
_INNER_LIST = re.compile(r"\s*[:\u2014\u2013]\s*|\s--?\s+")
# "for A and for B; for C": a preposition repeated at the head of items opens each one.
_REPEATED_LEADS = ("for", "to", "on")
# ", Chinese President Xi Jinping said on Monday." closing the sentence.
# "states" and "notes" after "member" or "the" are nouns ("among the member states").
_TRAILING_ATTRIBUTION = re.compile(
    rf",\s*[^,;]*?(?<!member )(?<!the )\b(?:{alternation(SPEECH)})\b[^,;]*$", re.IGNORECASE
)
_OPENERS = {"(": ")", "\u201c": "\u201d", '"': '"'}
_IN_NUMBER = re.compile(r"\d,\d")  # "6,000" is one number
_CONJUNCTION = re.compile(
    r"^(?:(?:and|or|as\s+well\s+as)\s+(?:(?:finally|lastly)\s+)?|(?:finally|lastly)\s+)", re.IGNORECASE
)
# Items that open alike ("consolidating ..., preserving ..., securing ..."): a piece that
# does not is the tail of the one before it ("culminating the Afghan-led, Afghan-owned
# process": a comma between two adjectives).
GERUND = re.compile(r"[a-z]+ing\b")


def top_level_cuts(text: str, separator: str) -> list[int]:
    """Positions of `separator` outside brackets and quotes."""
    cuts, closing = [], []
    for n, char in enumerate(text):
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _OPENERS and not (char == '"' and closing and closing[-1] == '"'):
            closing.append(_OPENERS[char])
        elif not closing and text.startswith(separator, n) and not _IN_NUMBER.match(text, max(0, n - 1)):
            cuts.append(n)
    return cuts


def _pieces(text: str, separator: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for cut in top_level_cuts(text, separator):
        bounds.append((start, cut))
        start = cut + len(separator)
    bounds.append((start, len(text)))
    return bounds


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding space, punctuation and a leading "and"."""
    while start < end and text[start] in " \t\n,;.":
        start += 1
    while end > start and text[end - 1] in " \t\n,;.":
        end -= 1
    if match := _CONJUNCTION.match(text[start:end]):
        start += match.end()
    return start, end


def coordination(text: str) -> list[tuple[int, int]]:
    """The items of a coordinated list, as spans of `text`: "A; B; and C" at semicolons,
    else "A, B, C and D" at commas with the last "and" (no serial comma) splitting too."""
    separator = ";" if top_level_cuts(text, ";") else ","
    pieces = _pieces(text, separator)
    spans = _join_odd_openings(text, [(s, e) for s, e in (trimmed(text, s, e) for s, e in pieces) if e > s])
    if separator == "," and len(spans) >= 2:
        last_start, last_end = spans[-1]
        raw_last = text[pieces[-1][0] :].lstrip()
        joined = re.search(r"\s+and\s+", text[last_start:last_end])
        if joined and not _CONJUNCTION.match(raw_last) and _ends_list(text, spans, joined.end()):
            spans[-1:] = [
                (last_start, last_start + joined.start()),
                (last_start + joined.end(), last_end),
            ]
    return spans


def _ends_list(text: str, spans: list[tuple[int, int]], after_and: int) -> bool:
    """Whether the last piece's "and" joins one more item ("A, B, C and D"), not two words
    inside it: not "both A and B" (one thing, twice qualified), and not where the items
    open with a verb ("develop X, establish a fund for humanitarian and financial aid")
    and what follows "and" does not."""
    last_start, last_end = spans[-1]
    if text[last_start:last_end].lower().startswith("both "):
        return False
    verbs = [opens_with_policy_verb(text[s:e]) for s, e in spans[1:]]
    return not (all(verbs) and not opens_with_policy_verb(text[last_start + after_and : last_end]))


def _join_odd_openings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a list of gerunds, a piece that opens otherwise joins the piece before it."""
    gerunds = [bool(GERUND.match(text[s:e])) for s, e in spans]
    if len(spans) < MIN_SEMICOLON_ITEMS or sum(gerunds) < MIN_SEMICOLON_ITEMS - 1 or not gerunds[0]:
        return spans
    joined: list[tuple[int, int]] = []
    for (start, end), gerund in zip(spans, gerunds, strict=True):
        if gerund:
            joined.append((start, end))
        else:
            joined[-1] = (joined[-1][0], end)
    return joined


def phrases_fit(text: str, spans: list[tuple[int, int]]) -> bool:
    """Every item of a list is a phrase of MIN_ITEM_WORDS to MAX_ITEM_WORDS words."""
    return all(MIN_ITEM_WORDS <= len(text[s:e].split()) <= MAX_ITEM_WORDS for s, e in spans)


def without_attribution(text: str) -> str:
    """The sentence without its closing attribution and full stop."""
    body = _TRAILING_ATTRIBUTION.sub("", text.rstrip())
    return body.rstrip(" .;:\u201d\"'")


def clause_items(sentence: Sentence, at: int, rest: str, spans: list[tuple[int, int]]) -> list[Item]:
    """Items for the clauses of `rest`, the sentence's text from `at` on."""
    offset = sentence.start + at
    return [
        Item(rank, sentence.id, offset + s, offset + e, rest[s:e], CLAUSE)
        for rank, (s, e) in enumerate(spans, 1)
    ]


def sentence_list(sentence: Sentence, size: int) -> list[Item]:
    """The `size` clauses of the sentence's coordination, if it holds exactly that many."""
    region = without_attribution(sentence.text)
    # The latest introducer that still yields `size` clauses: "BEIJING -- China and Africa
    # should A, B, C and D" lists after "should", not after the dateline's dash.
    for introducer in reversed(list(INTRODUCER.finditer(region))):
        rest = region[introducer.end() :]
        spans = coordination(rest)
        if len(spans) == size and phrases_fit(rest, spans):
            return clause_items(sentence, introducer.end(), rest, spans)
    return []


def _split_repeated_lead(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items that open with one preposition ("for the release ...; for greater ...") also
    split where it is repeated after "and" inside one of them ("for A and for B")."""
    leads = [text[s:e].split(maxsplit=1)[0].lower() for s, e in spans]
    lead = next((w for w in _REPEATED_LEADS if leads.count(w) >= 2), None)
    if lead is None:
        return spans
    split = []
    for start, end in spans:
        for match in re.finditer(rf"\s+and\s+(?={lead}\s)", text[start:end]):
            split.append((start, start + match.start()))
            start += match.end()
        split.append((start, end))
    # The repeated preposition belongs to the verb before the list, not to each item.
    return [(s + len(lead) + 1, e) if text[s:e].lower().startswith(lead + " ") else (s, e) for s, e in split]


def semicolon_list(sentence: Sentence) -> list[Item]:
    """The phrases of a sentence that proposes and lists them between semicolons."""
    region = without_attribution(sentence.text)
    for introducer in reversed(list(INTRODUCER.finditer(region))):
        if not PROPOSING_INTRODUCER.match(introducer.group()):
            continue
        rest = region[introducer.end() :]
        cuts = top_level_cuts(rest, ";")
        if len(cuts) < MIN_SEMICOLON_ITEMS - 1 or _INNER_LIST.search(rest[: cuts[0]]):
            continue  # too few, or the parts of the first phrase's own list
        spans = _split_repeated_lead(rest, coordination(rest))
        if phrases_fit(rest, spans):
            return clause_items(sentence, introducer.end(), rest, spans)
    return []


def spread_to_count(sentences: list[Sentence], items: list[Item], stated: int) -> list[Item]:
    """Reported proposals fewer than stated: a sentence may hold several ("provides for
    A; B"). Split the first that holds exactly as many as are missing, plus its own; else
    split each sentence that lists three or more, in order, while that stays within the
    count ("the suggestions asked for A, B, C, D, E, and finally F")."""
    missing = stated - len(items)
    if missing <= 0:
        return items
    by_id = {s.id: s for s in sentences}
    for n, item in enumerate(items):
        if parts := sentence_list(by_id[item.sentence], missing + 1):
            return renumbered([*items[:n], *parts, *items[n + 1 :]])
    spread: list[Item] = []
    for item in items:
        sizes = range(missing + 1, MIN_SEMICOLON_ITEMS - 1, -1)
        lists = (sentence_list(by_id[item.sentence], size) for size in sizes)
        # Short of the count, only a list of actions splits: "the UN, the Arab Peace
        # Initiative and the Road Map" are the objects of one call, not three.
        parts = next(
            (found for found in lists if found and all(_is_action(p.heading or "") for p in found)), [item]
        )
        missing -= len(parts) - 1
        spread += parts
    return renumbered(spread)


def _is_action(phrase: str) -> bool:
    return bool(GERUND.match(phrase)) or opens_with_policy_verb(phrase)


def renumbered(items: list[Item]) -> list[Item]:
    return [replace(item, rank=rank) for rank, item in enumerate(items, 1)]
