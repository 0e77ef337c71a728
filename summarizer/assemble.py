"""What the pipeline established, turned into the output contract (`schemas.Summary`).

Ordinals are numbered here; every evidence item is resolved from a sentence id, so its
`text` is `article.text[start:end]` by construction; initiatives are found in the text and
linked to the proposal whose evidence names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues.counts import CountCue
from .cues.dateline import read_dateline
from .cues.initiatives import find_initiatives, hosts
from .cues.ordinals import Item
from .llm import Cost
from .loader import Article
from .schemas import ArticleInfo, Evidence, Initiative, Proposal, RunInfo, Speaker, Summary
from .who import Who


@dataclass(frozen=True)
class Worded:
    title: str
    summary: str
    key_points: list[str]


@dataclass(frozen=True)
class Extraction:
    """What the steps established, before it is turned into the output contract: built
    once, at the end, from each step's result (cost and warnings summed there)."""

    who: Who
    items: list[Item]
    spans: list[list[int]]
    stated: CountCue | None
    wording: list[Worded]
    warnings: list[str]
    cost: Cost

    @property
    def speaker(self) -> str | None:
        return self.who.speaker

    @property
    def event(self) -> str | None:
        return self.who.event


def evidence_of(article: Article, ids: list[int]) -> list[Evidence]:
    evidence = []
    for sentence_id in sorted(set(ids)):
        s = article.sentence(sentence_id)
        evidence.append(Evidence(sentence=s.id, text=article.text[s.start : s.end], start=s.start, end=s.end))
    return evidence


Segments = dict[int, list[tuple[int, Item]]]


def _segments(found: Extraction) -> Segments:
    """Sentences that hold several items (an inline "1. ...; 2. ..." list, clauses of one
    sentence): sentence id -> (ordinal, item) of each."""
    by_sentence: Segments = {}
    for ordinal, item in enumerate(found.items, 1):
        by_sentence.setdefault(item.sentence, []).append((ordinal, item))
    return {sid: items for sid, items in by_sentence.items() if len(items) > 1}


def _cited_in(
    article: Article, name: str, sentences: tuple[int, ...], found: Extraction, segments: Segments
) -> int | None:
    """The proposal that names the initiative: where one sentence holds several items, the
    item whose own words hold the name; else the first proposal whose evidence names it."""
    for sentence_id in sentences:
        for ordinal, item in segments.get(sentence_id, []):
            at = article.text.find(name, item.start, item.end + len(name))
            if at != -1 and at < item.end:
                return ordinal
    return next((n for n, ids in enumerate(found.spans, 1) if set(ids) & set(sentences)), None)


def _shared_sentence(initiative: Initiative, segments: Segments) -> bool:
    """Named only in a sentence that holds several items: it belongs to the one it is cited in."""
    return all(e.sentence in segments for e in initiative.evidence)


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
                evidence=evidence_of(article, ids),
            )
        )
    initiatives: list[Initiative] = []
    proposing = frozenset(i for ids in found.spans for i in ids)
    segments = _segments(found)
    for candidate in find_initiatives(article.sentences, proposing):
        if hosts(candidate.name, found.event):
            continue
        cited = _cited_in(article, candidate.name, candidate.sentences, found, segments)
        initiatives.append(
            Initiative(
                name=candidate.name,
                kind=candidate.kind,  # type: ignore[arg-type]
                cited_in_proposal=cited,
                evidence=evidence_of(article, list(candidate.sentences)),
            )
        )
    for proposal in proposals:
        proposal.initiatives = [i.name for i in initiatives if i.cited_in_proposal == proposal.ordinal] + [
            i.name
            for i in initiatives
            if i.cited_in_proposal != proposal.ordinal
            and any(e.sentence in found.spans[proposal.ordinal - 1] for e in i.evidence)
            and not _shared_sentence(i, segments)
        ]
    dateline = read_dateline(article.sentences, article.published, article.headline)
    return Summary(
        article=ArticleInfo(
            source=article.source,
            sha256=article.sha256,
            headline=article.headline,
            published=article.published,
        ),
        speaker=Speaker(name=found.who.speaker, title=found.who.title),
        event=found.who.event,
        location=dateline.location or found.who.location,
        date=dateline.date,
        proposal_count_stated=found.stated.value if found.stated else None,
        proposals=proposals,
        initiatives=initiatives,
        warnings=found.warnings,
        run=run,
    )
