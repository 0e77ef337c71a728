"""Which candidate list holds the principal speaker's proposals made at this event.

Each list gets points from what the text shows and from what the model says; none is
taken on one signal alone, so neither a model that echoes the prompt nor a decoy that
looks like a list can decide by itself:
- introduced as proposals: "Wang proposed four suggestions" (+1), with a stated count
  that matches the list's size (+2), or only the headline's count matches (+1);
- its items call for action ("build ...", "should", "urged") (+1) or report facts
  ("has expanded", "reached", "was supported") (-2);
- introduced as the past ("Looking back on the past year", "last year he put forward") (-1);
- introduced by another person ("Modi, for his part, made two suggestions") (-1);
- introduced as outcomes ("expects the summit to achieve outcomes in four aspects",
  "seven agreements that have been made", "the agreements signed") (-4: what was agreed,
  signed or is expected is no one's proposal); its items are what both sides agreed ("The two
  foreign ministers shared the view that ...", "confirmed that ...") (-4);
- the model's verdict: proposals made at this event (+2), an earlier occasion or facts (-2),
  put forward by someone else (-2).
A list needs ACCEPT points; the best-scoring one wins. Lists the article marks (ordinals,
bullets, numbers) come first: a list cut from one sentence's commas is chosen only when no
marked list is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .cues.clauses import CLAUSE, COUNT_REACH
from .cues.counts import PAST, CountCue
from .cues.lexicon import PROPOSAL_STEMS, alternation
from .cues.ordinals import CandidateList
from .cues.verbs import DIRECTIVE, opens_with_policy_verb
from .loader import Article
from .questions.lists import OTHER, PROPOSALS_NOW

ACCEPT = 2
INTRO_WINDOW = 3
# A stated count this many sentences before a list can still be the list's.
COUNT_WINDOW = 8

_PROPOSAL_VERB = re.compile(rf"\b(?:{alternation(PROPOSAL_STEMS)})\b", re.IGNORECASE)
_FACT = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+\s+){0,2}\w+ed\b|\b(?:reached|rose|grew|increased|fell|was|were|"
    r"became|doubled|expanded|signed|completed|launched|exceeded|surged|topped)\b",
    re.IGNORECASE,
)
_DOCUMENTS = r"(?:agreements?|memorand(?:um|a)|MoUs?|documents?|deals?|accords?|treaties|treaty|contracts?)"
_OUTCOMES = re.compile(
    r"\b(?:achiev\w*|reach\w*|expected|agreed)\s+(?:\w+\s+){0,3}(?:outcomes?|results?|agreements?|consensus)\b|"
    r"\b(?:outcomes?|agreements?|achievements?|results?)\s+(?:that\s+)?(?:(?:have|has)\s+been|were|was)\s+"
    r"(?:made|reached|achieved|signed|agreed)\b|"
    # "The list of agreements signed by the two countries:", "signed five agreements"
    rf"\b{_DOCUMENTS}\s+(?:\w+\s+){{0,2}}(?:signed|inked|concluded|exchanged)\b|"
    rf"\b(?:signed|inked|concluded|exchanged)\s+(?:\w+\s+){{0,3}}{_DOCUMENTS}\b",
    re.IGNORECASE,
)
# "The two foreign ministers shared the view that ...", "Both sides confirmed ...", "the
# minister was briefed ...": a point of a readout, agreed or heard, not put forward.
_AGREED = re.compile(
    r"\b(?:the\s+two|both)\s+(?:[\w-]+\s+){0,2}(?:sides|ministers|leaders|presidents|countries|parties|"
    r"delegations|heads)\s+(?:also\s+)?(?:shared|confirmed|agreed|reaffirmed|affirmed|exchanged|welcomed|noted|"
    r"discussed|expressed)\b|\b(?:was|were)\s+briefed\b",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "to", "in", "at", "on", "for", "the", "a", "an", "as", "with", "during", "after", "before",
    "speaking", "addressing", "president", "prime", "minister", "premier", "foreign", "vice",
    "state", "chancellor", "secretary", "general", "secretary-general", "king", "he", "she", "his",
    "her", "also", "meanwhile", "then", "later", "and", "but", "first", "second",
}  # fmt: skip


@dataclass(frozen=True)
class ListScore:
    candidate: CandidateList
    points: int
    reasons: tuple[str, ...]


def proposes(text: str) -> bool:
    """Someone puts something forward in this text ("proposed", "put forward", "urged" ...)."""
    return bool(_PROPOSAL_VERB.search(text))


def _name_tokens(name: str | None) -> set[str]:
    return {t.lower() for t in re.findall(r"[A-Za-z\u00c0-\u024f][\w\-']+", name or "")}


def _other_person_proposes(text: str, principal: set[str]) -> bool:
    """The words before the proposal verb name someone, and not the principal speaker."""
    match = _PROPOSAL_VERB.search(text) or re.search(r"\b(?:had|made|has)\b", text)
    if not match:
        return False
    before = re.findall(r"[A-Z][\w\-']+", text[: match.start()])[-5:]
    names = {w.lower() for w in before} - _NOT_NAMES
    return bool(names) and not names & principal and not principal & _name_tokens(text[: match.start()])


def _model_verdict(verdict: Any, principal: set[str]) -> tuple[int, str]:
    if verdict is None:
        return 0, "no verdict"
    said = _name_tokens(verdict.speaker)
    if said and principal and not said & principal and said - {"he", "she", "speaker", "the", "unknown"}:
        return -2, f"model: put forward by {verdict.speaker}"
    if verdict.kind == PROPOSALS_NOW:
        return 2, "model: proposals at this event"
    if verdict.kind == OTHER:
        return 0, "model: something else"
    return -2, f"model: {verdict.kind}"


def _introduction(
    candidate: CandidateList, article: Article, cues: list[CountCue]
) -> tuple[str | None, CountCue | None]:
    """The sentence that announces the list: the nearest stated count before it, else the
    nearest sentence just before it that proposes something."""
    first = candidate.first_sentence
    counted = [c for c in cues if 0 < c.sentence <= first and first - c.sentence <= COUNT_WINDOW]
    if not counted and candidate.items[0].style == CLAUSE:
        # "China and Africa should A, B, C and D. ... Xi made the four proposals at ...":
        # a one-sentence list may be counted just after it.
        counted = [c for c in cues if first < c.sentence <= first + COUNT_REACH]
    if counted:
        cue = max(counted, key=lambda c: c.sentence)
        return article.sentence(cue.sentence).text, cue
    for sentence in reversed(article.sentences[max(0, first - INTRO_WINDOW) : first]):
        if _PROPOSAL_VERB.search(sentence.text):
            return sentence.text, None
    return None, None


def score_list(
    candidate: CandidateList, article: Article, cues: list[CountCue], verdict: Any, speaker: str | None
) -> ListScore:
    points, reasons = 0, []
    principal = _name_tokens(speaker)
    intro, cue = _introduction(candidate, article, cues)
    size = len(candidate.items)
    if cue is not None and not cue.past and cue.value == size:
        points += 2
        reasons.append("stated count matches")
    elif intro is not None:
        points += 1
        reasons.append("introduced as proposals")
    elif any(c.sentence == 0 and c.value == size for c in cues):
        points += 1
        reasons.append("the headline's count matches")
    if intro is not None and PAST.search(intro):
        points -= 1
        reasons.append("introduced as the past")
    if intro is not None and _other_person_proposes(intro, principal):
        points -= 1
        reasons.append("introduced by another person")
    # The sentence just before the list is its heading even when it proposes nothing
    # ("The list of agreements signed by the two countries:").
    heading = article.sentence(candidate.first_sentence - 1).text if candidate.first_sentence > 1 else ""
    if _OUTCOMES.search(intro or "") or _OUTCOMES.search(heading):
        points -= 4
        reasons.append("introduced as outcomes")
    texts = [article.text[item.start : item.end] for item in candidate.items]
    if sum(bool(_AGREED.search(t)) for t in texts) * 2 >= len(texts):
        points -= 4  # a readout's numbered points: what both sides shared or confirmed
        reasons.append("items are what both sides agreed")
    directive = sum(bool(DIRECTIVE.search(t)) or opens_with_policy_verb(t) for t in texts)
    factual = sum(bool(_FACT.search(t)) and not DIRECTIVE.search(t) for t in texts)
    if directive * 2 >= len(texts):
        points += 1
        reasons.append("items call for action")
    elif factual * 2 >= len(texts):
        points -= 2  # as strong as the model's word: a list of reasons or results is no one's proposals
        reasons.append("items report facts")
    said, why = _model_verdict(verdict, principal)
    points += said
    reasons.append(why)
    return ListScore(candidate, points, tuple(reasons))


def choose_list(
    lists: list[CandidateList],
    article: Article,
    cues: list[CountCue],
    verdicts: list[Any],
    speaker: str | None,
) -> tuple[CandidateList | None, list[ListScore]]:
    by_key = {v.list: v for v in verdicts}
    scores = [score_list(c, article, cues, by_key.get(c.key), speaker) for c in lists]
    accepted = [s for s in scores if s.points >= ACCEPT]
    marked = [s for s in accepted if s.candidate.items[0].style != CLAUSE]
    if not accepted:
        return None, scores
    best = max(
        marked or accepted, key=lambda s: (s.points, len(s.candidate.items), -s.candidate.first_sentence)
    )
    return best.candidate, scores
