"""Summaries and key points cut from the evidence itself, without the model.

A 1.5B model asked to summarise copies the first sentence anyway, at ~13 tokens a second
on a small CPU; cutting the same words here is faithful by construction and free. With a
larger model (`--wording model`) the model writes them instead.
"""

from __future__ import annotations

import re

from .cues.lexicon import ATTRIBUTING, CLOSERS, ORDINALS, POLICY_VERBS, PUTTING_FORWARD, alternation
from .cues.ordinals import Item
from .cues.verbs import strip_subject
from .sentences import Sentence

_WORD = re.compile(r"[a-z0-9]+")


def unsupported(text: str, article: str) -> list[str]:
    """The words of `text` the article never uses (case-blind): what a writer added without
    support, e.g. a prompt's example leaking. The one rule behind the guard on model
    wording and the `unsupported_words` metric."""
    known = set(_WORD.findall(article.lower()))
    return [w for w in _WORD.findall(text.lower()) if w not in known]


SUMMARY_WORDS = 30
KEY_POINT_WORDS = 14
MAX_KEY_POINTS = 3

# Attribution cut from a summary: reporting verbs, and the proposing verbs whose object is
# the summary itself ("Wang proposed that ..."); "told reporters" with its object.
_SPEECH = alternation(
    ATTRIBUTING, ("believes", "argued", "proposed", "suggested", r"called\s+for", r"told\s+[\w\s]{1,40}?")
)
_WHO = r"(?:he|she|they|[A-Z][\w\-']*(?:\s+[A-Z][\w\-']*){0,3})"
_LEADING = re.compile(
    rf"^\s*(?:according\s+to\s+{_WHO}\s*,\s*|{_WHO}\s+(?:also\s+)?(?:{_SPEECH})\s+(?:that\s+)?|"
    rf"(?:{alternation(ORDINALS, CLOSERS)})\w*\s*,\s*(?:{_WHO}\s+(?:{_SPEECH})\s*,\s*)?)",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    rf"\s*[,;]?[\"'\u201d]?\s*,?\s*{_WHO}\s+(?:also\s+)?(?:{_SPEECH})(?:\s+[\w\s]{{0,30}})?\.?$",
    re.IGNORECASE,
)
# Clauses split where a new call for action starts ("..., and establish a just, reasonable
# and effective system"), not at every comma of a list of adjectives.
_VERB = "|".join([*POLICY_VERBS, "achieve", "ensure", "enhance", "achieving", "ensuring", "invite", "sign"])
_ADVERB = r"(?:(?:also|jointly|further|continuously|actively|earnestly|deeply|fully|firmly)\s+)?"
_CLAUSE = re.compile(rf";\s+|,\s+(?:and\s+)?(?={_ADVERB}(?:{_VERB})\b)|\s+and\s+(?={_ADVERB}(?:{_VERB})\b)")
_DANGLING = re.compile(
    r"(?:\s+(?:the|a|an|of|on|for|to|in|and|or|with|by|as|at|its|their|our|such))+$", re.IGNORECASE
)


# Where the proposal itself starts in a sentence that reports it: after the proposing
# verb ("He also proposed that ...", "called on leaders to ...", "suggested creation of")
# or the modal ("member states should ...", "was to establish ...").
_OPENING = re.compile(
    rf"\b(?:{alternation(PUTTING_FORWARD)})\s+(?:that\s+)?"
    r"|\b(?:should|must|need\s+to|(?:is|was)\s+to|would\s+be\s+\w+\s+to)\s+",
    re.IGNORECASE,
)
# A title ends before a relative clause, a purpose or a second reported verb.
_TITLE_END = re.compile(
    r",\s*(?:which|who|so\s+that|adding|stressing|saying|noting|as|while|because)\b|\s+so\s+that\b|[;:(]|\s[\u2013\u2014-]\s",
    re.IGNORECASE,
)
TITLE_WORDS = 12


def title_of(item: Item, article_text: str) -> str:
    """A heading cut from the proposal's own words: what follows the proposing verb or
    modal, up to the first relative clause, at most TITLE_WORDS words."""
    text = _strip_attribution(article_text[item.start : item.end])
    opening = _OPENING.search(text)
    text = (
        text[opening.end() :] if opening and len(text[opening.end() :].split()) >= 2 else strip_subject(text)
    )
    if end := _TITLE_END.search(text):
        text = text[: end.start()] if len(text[: end.start()].split()) >= 2 else text
    words = text.split()[:TITLE_WORDS]
    return _DANGLING.sub("", " ".join(words)).strip(" ,;:.\"'\u201c\u201d") or text.strip()


def _strip_attribution(text: str) -> str:
    text = text.strip().strip("\"'\u201c\u201d").strip()
    text = _LEADING.sub("", text, count=1)
    text = _TRAILING.sub("", text)
    return text.strip().strip("\"'\u201c\u201d").strip()


def _words(text: str, limit: int) -> str:
    words = text.split()
    if len(words) <= limit:
        return text
    cut = " ".join(words[:limit])
    comma = cut.rfind(",")
    return (cut[:comma] if comma > len(cut) // 2 else cut).rstrip(",;:") + "..."


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def summary_of(item: Item, sentences: list[Sentence], article_text: str) -> str:
    """The proposal's gist: its own sentence, or after a bare heading the first elaboration."""
    own = article_text[item.start : item.end]
    source = own
    if item.heading is not None and len(sentences) > 1 and item.style != "inline":
        source = sentences[1].text
    text = _strip_attribution(source)
    if not text:
        return ""
    text = _words(_sentence_case(text), SUMMARY_WORDS)
    return text if text.endswith((".", "...", "!", "?")) else text + "."


def key_points_of(item: Item, sentences: list[Sentence], summary: str) -> list[str]:
    """Up to three short clauses from the elaborating sentences, not repeating the summary."""
    clauses: list[str] = []
    body = sentences[1:] if len(sentences) > 1 else sentences
    for sentence in body:
        for clause in _CLAUSE.split(_strip_attribution(sentence.text)):
            clause = strip_subject(
                clause.strip().rstrip(".").removeprefix("and ").removeprefix("to ").strip()
            )
            if len(clause.split()) >= 3:
                words = clause.split()[:KEY_POINT_WORDS]
                clauses.append(_DANGLING.sub("", " ".join(words)).rstrip(",;:"))
    fresh = [c for c in clauses if c.lower() not in summary.lower()]
    return list(dict.fromkeys(fresh or clauses))[:MAX_KEY_POINTS]
