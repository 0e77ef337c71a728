"""article -> cues -> small model questions -> grounded, validated `Summary`.

The code finds what code finds well (dateline, stated count, ordinal-cued candidates,
initiative names, sentence spans, offsets); the model answers what needs judgement
(who spoke at which event, which candidate list holds the speaker's proposals made at
this event, short titles and summaries). Evidence is filled in from sentence ids here,
so every `text` is `article.text[start:end]`.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from .choice import choose_list, proposes, unnumbered_candidates
from .cues.counts import CountCue, count_cues, stated_count
from .cues.dateline import read_dateline
from .cues.initiatives import find_initiatives
from .cues.ordinals import CandidateList, Item, candidate_lists
from .cues.speaker import clean_name, office_of, speaking_people
from .errors import ModelAnswerError
from .extractive import key_points_of, summary_of
from .llm import Cost, ModelClient
from .loader import Article
from .prompting import PromptSet
from .questions import Asker, ask_find, ask_lists, ask_meta, ask_titles, ask_wording, excerpt_ids, windows
from .schemas import (
    ArticleInfo,
    Evidence,
    Initiative,
    Proposal,
    RunInfo,
    Speaker,
    Summary,
)
from .schemas.answers import KEY_POINT_MAX, SUMMARY_MAX, TITLE_MAX
from .spans import item_sentences, speaks_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wording:
    title: str
    summary: str
    key_points: list[str]


@dataclass
class Extraction:
    """What the questions established, before it is turned into the output contract."""

    speaker: str | None = None
    title: str | None = None
    event: str | None = None
    location: str | None = None
    items: list[Item] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)
    stated: CountCue | None = None
    wording: list[Wording] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cost: Cost = field(default_factory=Cost)


def _found_items(article: Article, sentence_ids: list[int]) -> list[Item]:
    items = []
    for rank, sentence_id in enumerate(sentence_ids, 1):
        sentence = article.sentence(sentence_id)
        items.append(Item(rank, sentence_id, sentence.start, sentence.end, None, "found"))
    return items


def _meta(asker: Asker, result: Extraction) -> None:
    article = asker.article
    full_text = (article.headline or "") + "\n" + article.text
    people = speaking_people(article.headline, article.text)
    try:
        meta = ask_meta(asker, people)
    except ModelAnswerError as error:
        if error.check != "speaker-in-article" or not people:
            raise
        # Degrade, do not fail: the person the article has speak most is a fact the code
        # can count; what else META would have said is left empty.
        result.warnings.append(f"the model named no speaker from the article; took {people[0]!r}")
        result.speaker, result.title = people[0], office_of(people[0], article.text)
        return
    result.cost.add(meta.cost)
    result.speaker = clean_name(meta.value.speaker_name, full_text)
    if not speaks_in(result.speaker, article.text) and not _in_lede(result.speaker, article):
        # A name the article mentions but never has speak (an instruction hidden in the
        # text, a person merely referred to) is doubtful: one re-ask with the reason.
        hint = (
            f"the article never has {result.speaker!r} say or propose anything; name the person who speaks."
        )
        retry = ask_meta(asker, people, hint)
        result.cost.add(retry.cost)
        name = clean_name(retry.value.speaker_name, full_text)
        if speaks_in(name, article.text):
            meta, result.speaker = retry, name
        elif people:
            result.warnings.append(
                f"the model named {result.speaker!r}, who never speaks; took {people[0]!r}"
            )
            result.speaker = people[0]
        else:
            result.warnings.append(f"the article never has the speaker {result.speaker!r} say anything")
    model_title = meta.value.speaker_title.strip()
    grounded = model_title and all(w.lower() in article.text.lower() for w in model_title.split())
    result.title = office_of(result.speaker, article.text) or (model_title if grounded else None)
    event = meta.value.event.strip().removeprefix("the ").strip()
    if event and not grounded_in(event, article.text):
        result.warnings.append(f"the model named the event {event!r}, which the article does not; left empty")
        event = ""
    result.event = event or None
    location = meta.value.location.strip()
    result.location = location if location and location.lower() in article.text.lower() else None


def _in_lede(name: str, article: Article) -> bool:
    """The headline or the first sentence names this person: the lede introduces the
    principal speaker, even when the article then reports them without "said"."""
    lede = " ".join([article.headline or "", *(s.text for s in article.sentences[:1])])
    return any(len(part) > 2 and re.search(rf"\b{re.escape(part)}\b", lede) for part in name.split())


def extract(
    article: Article, client: ModelClient, prompts: PromptSet, max_retries: int, model_wording: bool
) -> Extraction:
    result = Extraction()
    cues = count_cues(article.sentences, article.headline)
    lists = candidate_lists(article.sentences)
    parts = windows(article, excerpt_ids(article, lists), client.context)
    if len(parts) > 1:
        log.info("the excerpt is longer than the context: %d windows of sentences", len(parts))
    askers = [Asker(client, prompts, article, part, max_retries) for part in parts]
    asker = askers[0]
    _meta(asker, result)
    chosen = _choose(askers, lists, cues, result) if lists else None
    if chosen is not None:
        result.items = chosen.items
    else:
        present = [c for c in cues if not c.past and _proposes(c, article)]
        if present:
            result.items = _find(askers, result, present[0])
    first = result.items[0].sentence if result.items else None
    result.stated = stated_count(cues, first, len(result.items) if result.items else None)
    if not result.items and result.stated is not None and not _proposes(result.stated, article):
        result.stated = None
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


def _word(asker: Asker, result: Extraction, by_model: bool) -> list[Wording]:
    """Titles, summaries, key points: all from the model, or cut from the evidence with the
    model titling only the proposals that have no heading of their own."""
    article, items, spans = asker.article, result.items, result.spans
    if by_model:
        answer = ask_wording(asker, items, spans, result.speaker)
        result.cost.add(answer.cost)
        return [
            Wording(
                title=item.heading or _tidy(w.title, TITLE_MAX),
                summary=_tidy(w.summary, SUMMARY_MAX),
                key_points=[_tidy(p, KEY_POINT_MAX) for p in w.key_points if p.strip()],
            )
            for item, w in zip(items, answer.value.proposals, strict=True)
        ]
    titles = {n: item.heading for n, item in enumerate(items, 1) if item.heading}
    untitled = [n for n in range(1, len(items) + 1) if n not in titles]
    if untitled:
        answer = ask_titles(asker, items, untitled, result.speaker)
        result.cost.add(answer.cost)
        titles.update({t.item: _tidy(t.title, TITLE_MAX) for t in answer.value.titles})
    wording = []
    for n, (item, ids) in enumerate(zip(items, spans, strict=True), 1):
        sentences = [article.sentence(i) for i in ids]
        summary = summary_of(item, sentences, article.text)
        wording.append(Wording(titles[n], summary, key_points_of(item, sentences, summary)))
    return wording


def _proposes(cue: CountCue, article: Article) -> bool:
    """With no proposals found, keep a stated count only where someone proposes."""
    text = article.headline if cue.sentence == 0 else article.sentence(cue.sentence).text
    return proposes(text or "")


def _find(askers: list[Asker], result: Extraction, cue: CountCue) -> list[Item]:
    """No list holds the proposals: take the sentences after the stated count that put
    something forward, asking the model (window by window) when there are more than stated."""
    article = askers[0].article
    candidates = unnumbered_candidates(article, cue)
    if len(candidates) == cue.value:
        return _found_items(article, candidates)
    ids: set[int] = set()
    for window in askers:
        here = [c for c in candidates if c in window.visible]
        answer = ask_find(window, result.speaker, cue.value, here)
        result.cost.add(answer.cost)
        ids.update(answer.value.sentences)
    if not ids and candidates:
        ids = set(candidates[: cue.value])
        result.warnings.append(f"proposals taken from the sentences after {cue.text!r}, by position")
    return _found_items(article, sorted(ids))


def _evidence(article: Article, ids: list[int]) -> list[Evidence]:
    evidence = []
    for sentence_id in sorted(set(ids)):
        s = article.sentence(sentence_id)
        evidence.append(Evidence(sentence=s.id, text=article.text[s.start : s.end], start=s.start, end=s.end))
    return evidence


def grounded_in(phrase: str, text: str, share: float = 0.7) -> bool:
    """Most of the phrase's content words occur in the text (not copied from an example)."""
    words = [w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if len(w) > 3]
    if not words:
        return True
    lowered = text.lower()
    return sum(w in lowered for w in words) >= share * len(words)


def _tidy(text: str, limit: int) -> str:
    """A string the decoder cut at its maxLength ends mid-word: end it at the last word."""
    text = " ".join(text.split())
    if len(text) >= limit - 2 and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return text


def assemble(article: Article, found: Extraction, run: RunInfo) -> Summary:
    """Turn what was established into the output contract; ordinals are numbered here."""
    proposals: list[Proposal] = []
    for ordinal, (ids, wording) in enumerate(zip(found.spans, found.wording, strict=True), 1):
        proposals.append(
            Proposal(
                ordinal=ordinal,
                title=wording.title,
                summary=wording.summary,
                key_points=wording.key_points,
                evidence=_evidence(article, ids),
            )
        )
    initiatives: list[Initiative] = []
    for candidate in find_initiatives(article.sentences):
        cited = next(
            (
                p.ordinal
                for p, ids in zip(proposals, found.spans, strict=True)
                if set(ids) & set(candidate.sentences)
            ),
            None,
        )
        initiatives.append(
            Initiative(
                name=candidate.name,
                kind=candidate.kind,  # type: ignore[arg-type]
                cited_in_proposal=cited,
                evidence=_evidence(article, list(candidate.sentences)),
            )
        )
    for proposal, ids in zip(proposals, found.spans, strict=True):
        proposal.initiatives = [i.name for i in initiatives if any(e.sentence in ids for e in i.evidence)]
    dateline = read_dateline(article.sentences, article.published)
    return Summary(
        article=ArticleInfo(
            source=article.source,
            sha256=article.sha256,
            headline=article.headline,
            published=article.published,
        ),
        speaker=Speaker(name=found.speaker, title=found.title),
        event=found.event,
        location=dateline.location or found.location,
        date=dateline.date,
        proposal_count_stated=found.stated.value if found.stated else None,
        proposals=proposals,
        initiatives=initiatives,
        warnings=found.warnings,
        run=run,
    )


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
        endpoint=client.endpoint.base_url,
        prompt_sha256=prompts.sha256,
        questions=found.cost.questions,
        attempts=found.cost.attempts,
        prompt_tokens=found.cost.prompt_tokens,
        completion_tokens=found.cost.completion_tokens,
        seconds=round(time.monotonic() - started, 2),
    )
    return Outcome(assemble(article, found, run), found.cost)
