"""What every scorer reads: one answer, its gold and the article, with the alignments of
proposals and initiatives made once (Hungarian matching on similarity, see `align`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from ..extractive import unsupported
from ..schemas import Summary
from .align import INITIATIVE_THRESHOLD, PROPOSAL_THRESHOLD, Pair, align, name_similarity, proposal_similarity
from .dataset import Gold, GoldEvidence

T = TypeVar("T")


def _text(proposal: Any) -> tuple[str, str]:
    return proposal.title, f"{proposal.summary} {' '.join(proposal.key_points)}"


def _unmatched(items: Sequence[T], matched: set[int]) -> list[T]:
    return [item for n, item in enumerate(items) if n not in matched]


@dataclass(frozen=True)
class Scoring:
    predicted: Summary
    gold: Gold
    article: str

    @cached_property
    def proposal_pairs(self) -> list[Pair]:
        similarity = lambda p, g: proposal_similarity(*_text(p), *_text(g))  # noqa: E731
        return align(self.predicted.proposals, self.gold.proposals, similarity, PROPOSAL_THRESHOLD)

    @cached_property
    def initiative_pairs(self) -> list[Pair]:
        similarity = lambda p, g: name_similarity(p.name, g.name)  # noqa: E731
        return align(self.predicted.initiatives, self.gold.initiatives, similarity, INITIATIVE_THRESHOLD)

    def matched_proposals(self) -> list[tuple[Any, Any]]:
        """(predicted, gold) for each aligned pair, in the alignment's order."""
        return [(self.predicted.proposals[p.pred], self.gold.proposals[p.gold]) for p in self.proposal_pairs]

    def matched_initiatives(self) -> list[tuple[Any, Any]]:
        return [
            (self.predicted.initiatives[p.pred], self.gold.initiatives[p.gold]) for p in self.initiative_pairs
        ]

    def missed_proposals(self) -> list[Any]:
        return _unmatched(self.gold.proposals, {p.gold for p in self.proposal_pairs})

    def extra_proposals(self) -> list[Any]:
        return _unmatched(self.predicted.proposals, {p.pred for p in self.proposal_pairs})

    def missed_initiatives(self) -> list[Any]:
        return _unmatched(self.gold.initiatives, {p.gold for p in self.initiative_pairs})

    def extra_initiatives(self) -> list[Any]:
        return _unmatched(self.predicted.initiatives, {p.pred for p in self.initiative_pairs})


def gold_ranges(texts: list[GoldEvidence], article: str) -> list[tuple[int, int]]:
    """Where each gold evidence text is in the article (a text not found is left out)."""
    found = []
    for evidence in texts:
        start = article.find(evidence.text)
        if start >= 0:
            found.append((start, start + len(evidence.text)))
    return found


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def unsupported_words(summary: Summary, article: str) -> list[str]:
    """Words of the titles, summaries and key points that the article never uses (case-
    blind): what the summariser wrote without support, e.g. a prompt example leaking."""
    written = [t for p in summary.proposals for t in (p.title, p.summary, *p.key_points)]
    return [w for text in written for w in unsupported(text, article)]


def compact(predicted: Summary) -> dict[str, Any]:
    """What was predicted, by sentence id and without text: enough to show beside gold."""
    return {
        "proposals": [
            {"ordinal": p.ordinal, "title": p.title, "sentences": [e.sentence for e in p.evidence]}
            for p in predicted.proposals
        ],
        "initiatives": [
            {
                "name": i.name,
                "cited_in_proposal": i.cited_in_proposal,
                "sentences": [e.sentence for e in i.evidence],
            }
            for i in predicted.initiatives
        ],
    }
