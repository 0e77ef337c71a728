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
    for candidate in find_initiatives(article.sentences, proposing):
        if hosts(candidate.name, found.event):
            continue
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
                evidence=evidence_of(article, list(candidate.sentences)),
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
