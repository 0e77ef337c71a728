"""article -> cues and candidates -> model questions -> choice -> grounded `Summary`.

The code finds what code finds well (dateline, stated count, candidate lists: ordinals,
bullets, numbers, all points in one sentence; unnumbered proposal sentences; initiative
names, sentence spans, offsets); the model answers what needs judgement (who spoke at
which event, which candidate list holds the speaker's proposals made at this event,
which of more candidates than stated). Titles, summaries and key points are cut from the
evidence (a larger model may write them). `assemble` resolves evidence from sentence
ids, so every `text` is `article.text[start:end]`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from .assemble import Extraction, Worded, assemble
from .choice import choose_list, proposes
from .cues.chains import proposal_sentences
from .cues.clauses import CLAUSE, COUNT_REACH, clause_lists, spread_to_count
from .cues.counts import CountCue, count_cues, stated_count
from .cues.ordinals import CandidateList, Item, candidate_lists
from .extractive import key_points_of, summary_of, title_of
from .llm import Cost, ModelClient
from .loader import Article
from .prompting import PromptSet
from .questions import Asker, ask_find, ask_lists, ask_wording, excerpt_ids, prompt_sha256, windows
from .questions.wording import KEY_POINT_MAX, SUMMARY_MAX, TITLE_MAX
from .redact import redact
from .schemas import RunInfo, Summary
from .spans import item_sentences
from .who import who_spoke

log = logging.getLogger(__name__)


def _found_items(article: Article, sentence_ids: list[int]) -> list[Item]:
    items = []
    for rank, sentence_id in enumerate(sentence_ids, 1):
        sentence = article.sentence(sentence_id)
        items.append(Item(rank, sentence_id, sentence.start, sentence.end, None, "found"))
    return items


def extract(
    article: Article, client: ModelClient, prompts: PromptSet, max_retries: int, model_wording: bool
) -> Extraction:
    result = Extraction()
    cues = count_cues(article.sentences, article.headline)
    marked = candidate_lists(article.sentences)
    lists = marked + clause_lists(article.sentences, cues, first_key=len(marked) + 1)
    parts = windows(article, excerpt_ids(article, lists), client.context)
    if len(parts) > 1:
        log.info("the excerpt is longer than the context: %d windows of sentences", len(parts))
    askers = [Asker(client, prompts, article, part, max_retries) for part in parts]
    asker = askers[0]
    who = who_spoke(asker)
    result.speaker, result.title, result.event, result.location = (
        who.speaker,
        who.title,
        who.event,
        who.location,
    )
    result.warnings.extend(who.warnings)
    result.cost.add(who.cost)
    chosen = _choose(askers, lists, cues, result) if lists else None
    judged = _judged(lists)
    if chosen is not None:
        result.items = chosen.items
    elif chain := proposal_sentences(article.sentences, result.speaker, judged):
        present = [c for c in cues if not c.past and c.sentence <= chain[-1]]
        cue = present[0] if present else None
        # An announced set ("Tokayev put forward a single proposal.") follows its announcement.
        after = [i for i in chain if cue is not None and i > cue.sentence]
        result.items = _find(askers, result, after or chain, cue)
    first = result.items[0].sentence if result.items else None
    if first is not None and result.items[0].style == CLAUSE:
        first += COUNT_REACH  # "should A, B, C and D ... Xi made the four proposals"
    result.stated = stated_count(cues, first, len(result.items) if result.items else None)
    rejected = result.stated is not None and result.stated.sentence in judged
    if not result.items and result.stated is not None and (rejected or not _proposes(result.stated, article)):
        result.stated = None  # the count of a list of outcomes, or of nothing proposed
    result.spans = item_sentences(article.sentences, result.items, result.speaker)
    if result.items:
        result.wording = _word(asker, result, model_wording)
    if result.stated is not None and result.stated.value != len(result.items):
        found = len(result.items)
        result.warnings.append(
            f"article states {result.stated.value} proposals ({result.stated.text!r}), found {found}"
        )
    return result


def _choose(
    askers: list[Asker], lists: list[CandidateList], cues: list[CountCue], result: Extraction
) -> CandidateList | None:
    """Ask about every candidate list (each in the window that shows it), then choose."""
    verdicts: list[Any] = []
    for window in askers:
        asked = {v.list for v in verdicts}
        here = [c for c in lists if c.first_sentence in window.visible and c.key not in asked]
        if here:
            answer = ask_lists(window, here)
            result.cost.add(answer.cost)
            verdicts += answer.value.lists
    chosen, scores = choose_list(lists, askers[0].article, cues, verdicts, result.speaker)
    for score in scores:
        log.info("list %s (S%d, %d items): %+d %s", score.candidate.key, score.candidate.first_sentence,
                 len(score.candidate.items), score.points, "; ".join(score.reasons))  # fmt: skip
    return chosen


def _word(asker: Asker, result: Extraction, by_model: bool) -> list[Worded]:
    """Titles, summaries, key points: all from the model, or all cut from the evidence (the
    article's own heading where it has one), so no word the article lacks."""
    article, items, spans = asker.article, result.items, result.spans
    if by_model:
        answer = ask_wording(asker, items, spans, result.speaker)
        result.cost.add(answer.cost)
        return [
            Worded(
                title=item.heading or _tidy(w.title, TITLE_MAX),
                summary=_tidy(w.summary, SUMMARY_MAX),
                key_points=[_tidy(p, KEY_POINT_MAX) for p in w.key_points if p.strip()],
            )
            for item, w in zip(items, answer.value.proposals, strict=True)
        ]
    wording = []
    for item, ids in zip(items, spans, strict=True):
        sentences = [article.sentence(i) for i in ids]
        summary = summary_of(item, sentences, article.text)
        title = item.heading or title_of(item, article.text)
        wording.append(Worded(title, summary, key_points_of(item, sentences, summary)))
    return wording


def _proposes(cue: CountCue, article: Article) -> bool:
    """With no proposals found, keep a stated count only where someone proposes."""
    text = article.headline if cue.sentence == 0 else article.sentence(cue.sentence).text
    return proposes(text or "")


def _judged(lists: list[CandidateList]) -> set[int]:
    """The sentences of every candidate list, and the sentence introducing each."""
    ids = {item.sentence for candidate in lists for item in candidate.items}
    return ids | {candidate.first_sentence - 1 for candidate in lists}


def _find(askers: list[Asker], result: Extraction, candidates: list[int], cue: CountCue | None) -> list[Item]:
    """No list holds the proposals: the sentences in which the speaker puts something
    forward. With more of them than the article states, the model picks which (window by
    window); with no count stated, all of them: measured on real articles, the 1.5B model
    asked to pick answered "none" for every article, and asked per sentence called nearly
    every one a proposal, so its judgement adds nothing the cues do not already hold."""
    article = askers[0].article
    stated = cue.value if cue is not None else None
    if stated is None:
        return _found_items(article, candidates)
    if stated >= len(candidates):
        return spread_to_count(article.sentences, _found_items(article, candidates), stated)
    ids: set[int] = set()
    for window in askers:
        here = [c for c in candidates if c in window.visible]
        if here:
            answer = ask_find(window, result.speaker, stated, here, whole=len(askers) == 1)
            result.cost.add(answer.cost)
            ids.update(answer.value.sentences)
    if not ids and cue is not None:
        ids = set(candidates[: cue.value])
        result.warnings.append(f"proposals taken from the sentences after {cue.text!r}, by position")
    return _found_items(article, sorted(ids))


def _tidy(text: str, limit: int) -> str:
    """A string the decoder cut at its maxLength ends mid-word: end it at the last word."""
    text = " ".join(text.split())
    if len(text) >= limit - 2 and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return text


@dataclass(frozen=True)
class Outcome:
    summary: Summary
    cost: Cost  # with the server's own timings, for benchmarks


def summarize_article(
    article: Article,
    client: ModelClient,
    prompts: PromptSet | None = None,
    max_retries: int = 2,
    model_wording: bool | None = None,
) -> Outcome:
    """`model_wording` None: the model writes summaries unless it is a small one."""
    if model_wording is None:
        model_wording = not client.is_small
    prompts = prompts or PromptSet()
    started = time.monotonic()
    found = extract(article, client, prompts, max_retries, model_wording)
    run = RunInfo(
        model=client.model,
        endpoint=redact(client.endpoint.base_url),  # masked here: a result spares its article's words
        prompt_sha256=prompt_sha256(prompts),
        questions=found.cost.questions,
        attempts=found.cost.attempts,
        prompt_tokens=found.cost.prompt_tokens,
        completion_tokens=found.cost.completion_tokens,
        seconds=round(time.monotonic() - started, 2),
    )
    return Outcome(assemble(article, found, run), found.cost)
