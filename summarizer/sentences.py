"""Split article text into numbered sentences with exact character offsets.

Every sentence keeps `text[start:end]` of the article as read, so evidence resolved from
a sentence id is verbatim by construction. News copy needs rules that general splitters
get wrong: datelines ("ST. PETERSBURG, Sept. 11 (Xinhua) --"), list markers ("1. Keep
ASEAN united") and closing quotes after the full stop.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Words that end in a full stop without ending the sentence (compared lower-case).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st mt ft sen rep gov gen lt col maj capt sgt prof rev jr sr inc co corp
    ltd no nos vs etc approx dept est fig vol jan feb mar apr jun jul aug sep sept oct
    nov dec a.m p.m u.s u.n u.k e.u i.e e.g d.c u.s.a
    """.split()  # noqa: SIM905
)

# A candidate end: terminal punctuation, any closing quotes/brackets, then white space.
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f]")
_LIST_MARKER = re.compile(r"\s*(?:\(?\d{1,2}[.)]|[a-z][.)])\s")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# "...; 3. Priority for ...": a number after a semicolon or colon is an inline list's mark.
_INLINE_MARK_BEFORE = re.compile(r"(?:^|[;:]\s{0,3})\d{1,2}$")
# Hard-wrapped copy (a line break every ~70 characters, mid-sentence): lines this long
# that end without closing punctuation continue on the next line.
_WRAPPED_MIN = 40
_WRAPPED_SHARE = 0.7
_WRAPPED_MIN_LINES = 5
_CLOSED = re.compile(r"[.!?:;\"'\u201d\u2019)\]]\s*$")


@dataclass(frozen=True)
class Sentence:
    id: int  # 1-based, as the model sees it: [S1]
    start: int
    end: int
    text: str
    paragraph: int  # index of the line block the sentence sits in


def _is_abbreviation(line: str, end_of_token: int) -> bool:
    # Only the word just before the full stop matters: search a short window, not the
    # whole line (which made splitting quadratic in the length of a line).
    match = _WORD_BEFORE.search(line[max(0, end_of_token - 40) : end_of_token])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # A lone capital initial ("J. Smith") or a dotted acronym ("U.S.") does not end it.
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _is_inline_mark(line: str, full_stop: int) -> bool:
    # A short window keeps this linear: only the few characters before the stop matter.
    start = max(0, full_stop - 6)
    window = line[start:full_stop]
    match = _INLINE_MARK_BEFORE.search(window)
    return match is not None and (match.start() > 0 or window[:1] in ";:" or start == 0)


def _split_line(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences in one line, relative to the line."""
    spans: list[tuple[int, int]] = []
    start = 0
    marker = _LIST_MARKER.match(line)
    search_from = marker.end() if marker else 0
    for match in _END.finditer(line, search_from):
        stop = match.end()
        if not _NEXT_STARTS_SENTENCE.match(line, stop):
            continue
        lone_full_stop = line[match.start()] == "." and match.end() - match.start() == 1
        if lone_full_stop and _is_abbreviation(line, match.start()):
            continue
        if lone_full_stop and _is_inline_mark(line, match.start()):
            continue
        spans.append((start, stop))
        start = stop
    spans.append((start, len(line)))
    trimmed = []
    for s, e in spans:
        while s < e and (line[s].isspace() or line[s] == "\ufeff"):  # nor a byte-order mark
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The non-blank lines of `text[start:end]` with their offsets into `text`."""
    found = []
    # A line ends at CRLF, LF or a lone CR: files from old Macs and some CMSs use CR alone.
    for line in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text[start:end]):
        if line.start() == line.end():
            break
        body = line.group(0).rstrip("\r\n")
        if body.strip():
            found.append((start + line.start(), body))
    return found


def _breaks(gap: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", gap))


def _hard_wrapped(lines: list[tuple[int, str]], text: str) -> bool:
    """Most lines run on into the next one mid-sentence: the copy was wrapped by hand."""
    followed = [
        body for (at, body), (nxt, _) in itertools.pairwise(lines) if _breaks(text[at + len(body) : nxt]) <= 1
    ]
    open_ended = [b for b in followed if len(b) >= _WRAPPED_MIN and not _CLOSED.search(b)]
    return len(followed) >= _WRAPPED_MIN_LINES and len(open_ended) >= _WRAPPED_SHARE * len(followed)


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Each line is a paragraph; in hard-wrapped copy, a run of lines up to one that
    closes a sentence (or a blank line) is."""
    lines = _lines(text, start, end)
    if not _hard_wrapped(lines, text):
        return lines
    joined: list[tuple[int, str]] = []
    for at, body in lines:
        if joined:
            prev_at, prev = joined[-1]
            gap = text[prev_at + len(prev) : at]
            last_line = re.split(r"\r\n|\r|\n", prev)[-1]
            if _breaks(gap) == 1 and len(last_line) >= _WRAPPED_MIN and not _CLOSED.search(prev):
                joined[-1] = (prev_at, text[prev_at : at + len(body)])
                continue
        joined.append((at, body))
    return joined


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of `text[start:end]`, numbered from 1, offsets into `text`."""
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    for paragraph, (line_start, body) in enumerate(_paragraphs(text, start, end)):
        for s, e in _split_line(body):
            sentences.append(
                Sentence(
                    id=len(sentences) + 1,
                    start=line_start + s,
                    end=line_start + e,
                    text=body[s:e],
                    paragraph=paragraph,
                )
            )
    return sentences


# The lede: the first sentences of ten words or more that end as sentences do (a byline, a
# time stamp or page furniture such as "EN RU TK" is shorter; a headline, even repeated, has
# no full stop). It introduces the principal speaker.
LEDE_SENTENCES = 2
LEDE_WORDS = 10
_STOPS = re.compile(r"[.!?][\"'\u201d\u2019)\u00bb]*\s*$")


def lede(sentences: list[Sentence]) -> list[Sentence]:
    whole = [s for s in sentences if len(s.text.split()) >= LEDE_WORDS and _STOPS.search(s.text)]
    return whole[:LEDE_SENTENCES]
