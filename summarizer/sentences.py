"""Split article text into numbered sentences with exact character offsets.

Every sentence keeps `text[start:end]` of the article as read, so evidence resolved from
a sentence id is verbatim by construction. News copy needs rules that general splitters
get wrong: datelines ("ST. PETERSBURG, Sept. 11 (Xinhua) --"), list markers ("1. Keep
ASEAN united") and closing quotes after the full stop.
"""

from __future__ import annotations

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


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of `text[start:end]`, numbered from 1, offsets into `text`."""
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    paragraph = -1
    pos = start
    # A line ends at CRLF, LF or a lone CR: files from old Macs and some CMSs use CR alone.
    for line in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text[start:end]):
        if line.start() == line.end():
            break
        line_start = pos + line.start()
        body = line.group(0).rstrip("\r\n")
        if not body.strip():
            continue
        paragraph += 1
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


def numbered(sentences: list[Sentence]) -> str:
    """The article as the model sees it: one `[S12] text` line per sentence."""
    return "\n".join(f"[S{s.id}] {s.text}" for s in sentences)
