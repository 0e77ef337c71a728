"""Every scorer and metric of the eval, declared once; the report's lists derive from them.

A scorer judges one article (its figures and its differences to gold, in the order the
scorers are declared); a metric pools a figure over the set, in the order of the table.
Precision, recall and F1 are pooled over the set (micro: every proposal counts once);
accuracies over articles are plain means. An article that failed scores as an empty
prediction, so a crash can never raise a score.

To add a metric: a scorer that sets its per-article figure (if no scorer has it yet), and
one `metric(...)` line where it belongs in the table.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from ..schemas import Summary
from .align import text_similarity
from .dataset import Gold
from .registry import (
    ArticleScore,
    Pool,
    Registry,
    Scored,
    articles,
    average,
    f1,
    failures,
    items,
    mean,
    mean_of_items,
    median_answered,
    ratio,
    total,
    total_answered,
)
from .scoring import Scoring, compact, gold_ranges, overlaps, unsupported_words

SPEAKER_THRESHOLD = 0.85
EVENT_THRESHOLD = 0.7

REGISTRY: Registry[Scoring] = Registry()
scorer, metric = REGISTRY.scorer, REGISTRY.metric


@scorer({"ordinal_correct": 0})
def ordinals(s: Scoring) -> Scored:
    pairs = s.matched_proposals()
    diffs = [
        f"wrong ordinal: {p.title!r} is {p.ordinal}, gold {g.ordinal}"
        for p, g in pairs
        if p.ordinal != g.ordinal
    ]
    return {"ordinal_correct": len(pairs) - len(diffs)}, diffs


@scorer({"title_similarity": []}, digits={"title_similarity": 4})
def titles(s: Scoring) -> Scored:
    return {"title_similarity": [text_similarity(p.title, g.title) for p, g in s.matched_proposals()]}, []


def _all_gold_evidence(gold: Gold) -> int:
    return sum(len(p.evidence) for p in gold.proposals)


@scorer(
    {"evidence_gold_hit": 0, "evidence_gold": _all_gold_evidence, "evidence_pred_hit": 0, "evidence_pred": 0}
)
def evidence(s: Scoring) -> Scored:
    """A matched proposal's evidence counts where it overlaps its gold's; an unmatched
    proposal's evidence (predicted or gold) counts as missed."""
    gold_hit = gold = pred_hit = pred = 0
    for p, g in s.matched_proposals():
        gold_spans = gold_ranges(g.evidence, s.article)
        pred_spans = [(e.start, e.end) for e in p.evidence]
        gold, gold_hit = gold + len(gold_spans), gold_hit + sum(overlaps(x, pred_spans) for x in gold_spans)
        pred, pred_hit = pred + len(pred_spans), pred_hit + sum(overlaps(x, gold_spans) for x in pred_spans)
    gold += sum(len(g.evidence) for g in s.missed_proposals())
    pred += sum(len(p.evidence) for p in s.extra_proposals())
    return {
        "evidence_gold_hit": gold_hit,
        "evidence_gold": gold,
        "evidence_pred_hit": pred_hit,
        "evidence_pred": pred,
    }, []


@scorer({"proposals_tp": 0, "proposals_pred": 0, "proposals_gold": lambda gold: len(gold.proposals)})
def proposals(s: Scoring) -> Scored:
    diffs = [f"missed proposal {g.ordinal}: {g.title!r}" for g in s.missed_proposals()]
    diffs += [f"extra proposal {p.ordinal}: {p.title!r}" for p in s.extra_proposals()]
    return _counted("proposals", s.proposal_pairs, s.predicted.proposals, s.gold.proposals), diffs


def _counted(kind: str, pairs: list, predicted: list, gold: list) -> dict[str, Any]:
    """The true positives, predictions and gold items of one kind, pooled into P/R/F1."""
    return {f"{kind}_tp": len(pairs), f"{kind}_pred": len(predicted), f"{kind}_gold": len(gold)}


@scorer({"link_correct": 0})
def links(s: Scoring) -> Scored:
    """A predicted link is right when it points at the proposal aligned with the gold one."""
    gold_ordinal_of = {p.ordinal: g.ordinal for p, g in s.matched_proposals()}
    diffs = []
    for p, g in s.matched_initiatives():
        linked = gold_ordinal_of.get(p.cited_in_proposal) if p.cited_in_proposal is not None else None
        if linked != g.cited_in_proposal:
            diffs.append(f"wrong link: {g.name!r} cited in {p.cited_in_proposal}, gold {g.cited_in_proposal}")
    return {"link_correct": len(s.initiative_pairs) - len(diffs)}, diffs


@scorer({"initiatives_tp": 0, "initiatives_pred": 0, "initiatives_gold": lambda gold: len(gold.initiatives)})
def initiatives(s: Scoring) -> Scored:
    diffs = [f"missed initiative: {g.name!r}" for g in s.missed_initiatives()]
    diffs += [f"extra initiative: {p.name!r}" for p in s.extra_initiatives()]
    return _counted("initiatives", s.initiative_pairs, s.predicted.initiatives, s.gold.initiatives), diffs


@scorer({"unsupported": []})
def unsupported(s: Scoring) -> Scored:
    words = unsupported_words(s.predicted, s.article)
    said = f"words the article does not use: {', '.join(dict.fromkeys(words))}"
    return {"unsupported": words}, [said] if words else []


@scorer({"evidence_items": 0, "evidence_verbatim": 0})
def grounding(s: Scoring) -> Scored:
    """Evidence is grounded when its offsets cut its very text from the article."""
    quoted = [e for p in s.predicted.proposals for e in p.evidence]
    quoted += [e for i in s.predicted.initiatives for e in i.evidence]
    verbatim = sum(s.article[e.start : e.end] == e.text for e in quoted)
    return {"evidence_items": len(quoted), "evidence_verbatim": verbatim}, []


def _agrees(
    s: Scoring,
    name: str,
    label: str,
    pick: Callable[[Any], Any],
    same: Callable[[Any, Any], bool] = operator.eq,
    show: Callable[[Any], str] = str,
) -> Scored:
    """Whether the summary's field (`pick`) agrees with gold's; the difference if not."""
    said, gold = pick(s.predicted), pick(s.gold)
    right = same(said, gold)
    return {name: right}, [] if right else [f"{label} {show(said)}, gold {show(gold)}"]


def _similar(threshold: float) -> Callable[[str | None, str | None], bool]:
    return lambda said, gold: text_similarity(said or "", gold or "") >= threshold


@scorer({"count_correct": False})
def count(s: Scoring) -> Scored:
    return {"count_correct": len(s.predicted.proposals) == len(s.gold.proposals)}, []


@scorer({"stated_count_correct": False})
def stated_count(s: Scoring) -> Scored:
    return _agrees(s, "stated_count_correct", "stated count", lambda a: a.proposal_count_stated)


@scorer({"speaker_correct": False})
def speaker(s: Scoring) -> Scored:
    names = _similar(SPEAKER_THRESHOLD)
    return _agrees(s, "speaker_correct", "speaker", lambda a: a.speaker.name, names, repr)


@scorer({"event_correct": False})
def event(s: Scoring) -> Scored:
    def same(said: str | None, gold: str | None) -> bool:
        return (said is None and gold is None) or _similar(EVENT_THRESHOLD)(said, gold)

    return _agrees(s, "event_correct", "event", lambda a: a.event, same, repr)


@scorer({"date_correct": False})
def date(s: Scoring) -> Scored:
    return _agrees(s, "date_correct", "date", lambda a: a.date)


@scorer({"location_correct": False})
def location(s: Scoring) -> Scored:
    return {"location_correct": (s.predicted.location or "").lower() == (s.gold.location or "").lower()}, []


@scorer(
    {"first_try_valid": False, "attempts": 0, "seconds": 0.0, "prompt_tokens": 0, "completion_tokens": 0},
    digits={"seconds": 2},
    compared=False,
)
def cost(s: Scoring) -> Scored:
    run = s.predicted.run
    return {
        "first_try_valid": run.attempts == run.questions,
        "attempts": run.attempts,
        "seconds": run.seconds,
        "prompt_tokens": run.prompt_tokens,
        "completion_tokens": run.completion_tokens,
    }, []


def _precision(kind: str) -> Pool:
    return ratio(f"{kind}_tp", f"{kind}_pred")


def _recall(kind: str) -> Pool:
    return ratio(f"{kind}_tp", f"{kind}_gold")


# The set's metrics, in the order of the table's rows.
metric("articles", articles, shown=False, fraction=False)
metric("proposal_precision", _precision("proposals"))
metric("proposal_recall", _recall("proposals"))
metric("proposal_f1", f1(_precision("proposals"), _recall("proposals")), headline=True)
metric("initiative_f1", f1(_precision("initiatives"), _recall("initiatives")), headline=True)
metric("count_accuracy", mean("count_correct"), headline=True, per_article=True)
metric("stated_count_accuracy", mean("stated_count_correct"), headline=True, per_article=True)
metric("ordinal_accuracy", ratio("ordinal_correct", "proposals_tp"), headline=True)
metric("link_accuracy", ratio("link_correct", "initiatives_tp"), headline=True)
metric("grounding", ratio("evidence_verbatim", "evidence_items"), headline=True)
metric(
    "evidence_f1",
    f1(ratio("evidence_pred_hit", "evidence_pred"), ratio("evidence_gold_hit", "evidence_gold")),
    headline=True,
)
metric("speaker_accuracy", mean("speaker_correct"), headline=True, per_article=True)
metric("event_accuracy", mean("event_correct"), headline=True, per_article=True)
metric("date_accuracy", mean("date_correct"), headline=True, per_article=True)
metric("unsupported_words", items("unsupported"), headline=True, lower_is_better=True, fraction=False)
metric("title_similarity", mean_of_items("title_similarity"))
metric("initiative_precision", _precision("initiatives"))
metric("initiative_recall", _recall("initiatives"))
metric("location_accuracy", mean("location_correct"), per_article=True)
metric("failures", failures, cost=True, fraction=False)
metric("first_try_validity", mean("first_try_valid"), cost=True, per_article=True)
metric("mean_attempts", average("attempts"), cost=True, fraction=False)
metric("median_seconds", median_answered("seconds"), cost=True, fraction=False)
metric("total_seconds", total_answered("seconds"), shown=False, fraction=False)
metric("prompt_tokens", total("prompt_tokens"), cost=True, fraction=False)
metric("completion_tokens", total("completion_tokens"), cost=True, fraction=False)

# The report's lists, derived from the flags above.
HEADLINE = REGISTRY.names(headline=True, lower_is_better=False)  # gated: any fall beyond the tolerance
LOWER_IS_BETTER = REGISTRY.names(headline=True, lower_is_better=True)  # gated: any rise
GATED = HEADLINE + LOWER_IS_BETTER
# Shares of articles move in steps of 1/articles: on a small set one article is more than
# the tolerance, so these may lose one article before the gate fails.
PER_ARTICLE = REGISTRY.names(per_article=True)
SHOWN = REGISTRY.names(shown=True)
COST = REGISTRY.names(cost=True)


def score_article(
    name: str, predicted: Summary | None, gold: Gold, article: str, error: str | None = None
) -> ArticleScore:
    """Every registered scorer over one article, in order."""
    if predicted is None:
        return ArticleScore(name, error, REGISTRY.failed(gold), [f"failed: {error}"])
    values, differences = REGISTRY.score(Scoring(predicted, gold, article))
    return ArticleScore(name, error, values, differences, compact(predicted))


def pool_scores(scores: list[ArticleScore]) -> dict[str, Any]:
    """The set's metrics: pooled P/R/F1, mean accuracies, cost."""
    return REGISTRY.pool(scores)


def as_dict(score: ArticleScore) -> dict[str, Any]:
    return REGISTRY.as_dict(score)
