"""Score one prediction against its gold, and pool the scores of a whole set.

Precision, recall and F1 are pooled over the set (micro: every proposal counts once);
accuracies over articles are plain means. An article that failed scores as an empty
prediction, so a crash can never raise a score.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from ..schemas import Summary
from .align import (
    INITIATIVE_THRESHOLD,
    PROPOSAL_THRESHOLD,
    align,
    name_similarity,
    proposal_similarity,
    text_similarity,
)
from .dataset import Gold, GoldEvidence

SPEAKER_THRESHOLD = 0.85
EVENT_THRESHOLD = 0.7

# The metrics the regression gate watches, and whether higher is better.
HEADLINE = (
    "proposal_f1",
    "initiative_f1",
    "count_accuracy",
    "stated_count_accuracy",
    "ordinal_accuracy",
    "link_accuracy",
    "grounding",
    "evidence_f1",
    "speaker_accuracy",
    "event_accuracy",
    "date_accuracy",
)
# Gated too, but lower is better: any rise is a regression.
LOWER_IS_BETTER = ("unsupported_words",)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class ArticleScore:
    name: str
    failed: str | None = None  # the error, when the summariser gave no answer
    proposals_tp: int = 0
    proposals_pred: int = 0
    proposals_gold: int = 0
    initiatives_tp: int = 0
    initiatives_pred: int = 0
    initiatives_gold: int = 0
    ordinal_correct: int = 0
    link_correct: int = 0
    title_similarity: list[float] = field(default_factory=list)
    evidence_items: int = 0
    evidence_verbatim: int = 0
    evidence_gold_hit: int = 0
    evidence_gold: int = 0
    evidence_pred_hit: int = 0
    evidence_pred: int = 0
    count_correct: bool = False
    stated_count_correct: bool = False
    speaker_correct: bool = False
    event_correct: bool = False
    date_correct: bool = False
    location_correct: bool = False
    first_try_valid: bool = False
    attempts: int = 0
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    unsupported: list[str] = field(default_factory=list)  # words the article never uses
    differences: list[str] = field(default_factory=list)
    # What was predicted, compactly (sentence ids, no text): enough to show it beside gold.
    predicted: dict[str, Any] = field(default_factory=dict)


def _ranges(texts: list[GoldEvidence], article: str) -> list[tuple[int, int]]:
    found = []
    for evidence in texts:
        start = article.find(evidence.text)
        if start >= 0:
            found.append((start, start + len(evidence.text)))
    return found


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def unsupported_words(summary: Summary, article: str) -> list[str]:
    """Words of the titles, summaries and key points that the article never uses (case-
    blind): what the summariser wrote without support, e.g. a prompt example leaking."""
    known = set(_WORD.findall(article.lower()))
    written = [t for p in summary.proposals for t in (p.title, p.summary, *p.key_points)]
    return [w for text in written for w in _WORD.findall(text.lower()) if w not in known]


def _proposal_text(title: str, summary: str, key_points: list[str]) -> tuple[str, str]:
    return title, f"{summary} {' '.join(key_points)}"


def score_article(
    name: str, predicted: Summary | None, gold: Gold, article: str, error: str | None = None
) -> ArticleScore:
    score = ArticleScore(name=name, failed=error)
    score.proposals_gold = len(gold.proposals)
    score.initiatives_gold = len(gold.initiatives)
    if predicted is None:
        score.differences.append(f"failed: {error}")
        score.evidence_gold = sum(len(p.evidence) for p in gold.proposals)
        return score
    diffs = score.differences
    score.predicted = {
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

    score.proposals_pred = len(predicted.proposals)
    pairs = align(
        predicted.proposals,
        gold.proposals,
        lambda p, g: proposal_similarity(
            *_proposal_text(p.title, p.summary, p.key_points),
            *_proposal_text(g.title, g.summary, g.key_points),
        ),
        PROPOSAL_THRESHOLD,
    )
    score.proposals_tp = len(pairs)
    gold_of_pred = {pair.pred: pair.gold for pair in pairs}
    for pair in pairs:
        p, g = predicted.proposals[pair.pred], gold.proposals[pair.gold]
        score.title_similarity.append(text_similarity(p.title, g.title))
        if p.ordinal == g.ordinal:
            score.ordinal_correct += 1
        else:
            diffs.append(f"wrong ordinal: {p.title!r} is {p.ordinal}, gold {g.ordinal}")
        gold_spans = _ranges(g.evidence, article)
        pred_spans = [(e.start, e.end) for e in p.evidence]
        score.evidence_gold += len(gold_spans)
        score.evidence_gold_hit += sum(_overlaps(s, pred_spans) for s in gold_spans)
        score.evidence_pred += len(pred_spans)
        score.evidence_pred_hit += sum(_overlaps(s, gold_spans) for s in pred_spans)
    matched_gold = {pair.gold for pair in pairs}
    for n, g in enumerate(gold.proposals):
        if n not in matched_gold:
            diffs.append(f"missed proposal {g.ordinal}: {g.title!r}")
            score.evidence_gold += len(g.evidence)
    for n, p in enumerate(predicted.proposals):
        if n not in gold_of_pred:
            diffs.append(f"extra proposal {p.ordinal}: {p.title!r}")
            score.evidence_pred += len(p.evidence)

    score.initiatives_pred = len(predicted.initiatives)
    ipairs = align(
        predicted.initiatives,
        gold.initiatives,
        lambda p, g: name_similarity(p.name, g.name),
        INITIATIVE_THRESHOLD,
    )
    score.initiatives_tp = len(ipairs)
    # A predicted link is right when it points at the proposal aligned with the gold one.
    gold_ordinal_of = {
        predicted.proposals[k].ordinal: gold.proposals[v].ordinal for k, v in gold_of_pred.items()
    }
    for pair in ipairs:
        p, g = predicted.initiatives[pair.pred], gold.initiatives[pair.gold]
        linked = gold_ordinal_of.get(p.cited_in_proposal) if p.cited_in_proposal is not None else None
        if linked == g.cited_in_proposal:
            score.link_correct += 1
        else:
            diffs.append(f"wrong link: {g.name!r} cited in {p.cited_in_proposal}, gold {g.cited_in_proposal}")
    matched = {pair.gold for pair in ipairs}
    diffs += [f"missed initiative: {g.name!r}" for n, g in enumerate(gold.initiatives) if n not in matched]
    matched = {pair.pred for pair in ipairs}
    diffs += [
        f"extra initiative: {p.name!r}" for n, p in enumerate(predicted.initiatives) if n not in matched
    ]

    evidence = [e for p in predicted.proposals for e in p.evidence] + [
        e for i in predicted.initiatives for e in i.evidence
    ]
    score.unsupported = unsupported_words(predicted, article)
    if score.unsupported:
        diffs.append(f"words the article does not use: {', '.join(dict.fromkeys(score.unsupported))}")
    score.evidence_items = len(evidence)
    score.evidence_verbatim = sum(article[e.start : e.end] == e.text for e in evidence)

    score.count_correct = len(predicted.proposals) == len(gold.proposals)
    score.stated_count_correct = predicted.proposal_count_stated == gold.proposal_count_stated
    if not score.stated_count_correct:
        diffs.append(f"stated count {predicted.proposal_count_stated}, gold {gold.proposal_count_stated}")
    score.speaker_correct = (
        text_similarity(predicted.speaker.name or "", gold.speaker.name or "") >= SPEAKER_THRESHOLD
    )
    if not score.speaker_correct:
        diffs.append(f"speaker {predicted.speaker.name!r}, gold {gold.speaker.name!r}")
    score.event_correct = (predicted.event is None and gold.event is None) or (
        text_similarity(predicted.event or "", gold.event or "") >= EVENT_THRESHOLD
    )
    if not score.event_correct:
        diffs.append(f"event {predicted.event!r}, gold {gold.event!r}")
    score.date_correct = predicted.date == gold.date
    if not score.date_correct:
        diffs.append(f"date {predicted.date}, gold {gold.date}")
    score.location_correct = (predicted.location or "").lower() == (gold.location or "").lower()
    run = predicted.run
    score.first_try_valid = run.attempts == run.questions
    score.attempts, score.seconds = run.attempts, run.seconds
    score.prompt_tokens, score.completion_tokens = run.prompt_tokens, run.completion_tokens
    return score


def _ratio(numerator: float, denominator: float, empty: float = 1.0) -> float:
    return numerator / denominator if denominator else empty


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pool_scores(scores: list[ArticleScore]) -> dict[str, Any]:
    """The set's metrics: pooled P/R/F1, mean accuracies, cost."""
    total = lambda name: sum(getattr(s, name) for s in scores)  # noqa: E731
    mean = lambda name: _ratio(sum(bool(getattr(s, name)) for s in scores), len(scores), 0.0)  # noqa: E731
    pp = _ratio(total("proposals_tp"), total("proposals_pred"))
    pr = _ratio(total("proposals_tp"), total("proposals_gold"))
    ip = _ratio(total("initiatives_tp"), total("initiatives_pred"))
    ir = _ratio(total("initiatives_tp"), total("initiatives_gold"))
    ep = _ratio(total("evidence_pred_hit"), total("evidence_pred"))
    er = _ratio(total("evidence_gold_hit"), total("evidence_gold"))
    titles = [t for s in scores for t in s.title_similarity]
    seconds = [s.seconds for s in scores if not s.failed]
    metrics: dict[str, Any] = {
        "articles": len(scores),
        "failures": sum(1 for s in scores if s.failed),
        "proposal_precision": pp,
        "proposal_recall": pr,
        "proposal_f1": _f1(pp, pr) if total("proposals_gold") or total("proposals_pred") else 1.0,
        "initiative_precision": ip,
        "initiative_recall": ir,
        "initiative_f1": _f1(ip, ir) if total("initiatives_gold") or total("initiatives_pred") else 1.0,
        "count_accuracy": mean("count_correct"),
        "stated_count_accuracy": mean("stated_count_correct"),
        "ordinal_accuracy": _ratio(total("ordinal_correct"), total("proposals_tp")),
        "title_similarity": statistics.fmean(titles) if titles else 0.0,
        "link_accuracy": _ratio(total("link_correct"), total("initiatives_tp")),
        "grounding": _ratio(total("evidence_verbatim"), total("evidence_items")),
        "evidence_f1": _f1(ep, er),
        "speaker_accuracy": mean("speaker_correct"),
        "event_accuracy": mean("event_correct"),
        "date_accuracy": mean("date_correct"),
        "location_accuracy": mean("location_correct"),
        "unsupported_words": sum(len(s.unsupported) for s in scores),
        "first_try_validity": mean("first_try_valid"),
        "mean_attempts": _ratio(total("attempts"), len(scores), 0.0),
        "median_seconds": statistics.median(seconds) if seconds else 0.0,
        "total_seconds": sum(seconds),
        "prompt_tokens": total("prompt_tokens"),
        "completion_tokens": total("completion_tokens"),
    }
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


def as_dict(score: ArticleScore) -> dict[str, Any]:
    data = asdict(score)
    data["title_similarity"] = [round(t, 4) for t in score.title_similarity]
    data["seconds"] = round(score.seconds, 2)
    return data
