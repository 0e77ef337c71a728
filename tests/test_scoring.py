"""The scorer: alignment, arithmetic, bounds and symmetry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RUN_INFO
from hypothesis import given, settings
from hypothesis import strategies as st
from summarizer.schemas import Evidence, Initiative, Proposal, Speaker, Summary

from summarizer.evaluation.align import align, name_similarity, text_similarity
from summarizer.evaluation.dataset import Gold, load_gold
from summarizer.evaluation.gate import regressions
from summarizer.evaluation.metrics import pool_scores, score_article
from summarizer.loader import load_article

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = ROOT / "evals" / "gold" / "brics-2024-09-11.json"
SEED_ARTICLE = ROOT / "evals" / "articles" / "brics-2024-09-11.txt"
RUN = RUN_INFO


def evidence_for(texts: list[str], article: str) -> list[Evidence]:
    found = []
    for text in texts:
        start = article.index(text)
        found.append(Evidence(sentence=1, text=text, start=start, end=start + len(text)))
    return found


def perfect(gold: Gold, article: str) -> Summary:
    """The gold, written as a prediction."""
    return Summary(
        article={"source": "x", "sha256": "0", "headline": gold.article.headline, "published": gold.article.published},
        speaker=Speaker(name=gold.speaker.name, title=gold.speaker.title),
        event=gold.event,
        location=gold.location,
        date=gold.date,
        proposal_count_stated=gold.proposal_count_stated,
        proposals=[
            Proposal(ordinal=p.ordinal, title=p.title, summary=p.summary, key_points=p.key_points,
                     evidence=evidence_for([e.text for e in p.evidence], article), initiatives=p.initiatives)
            for p in gold.proposals
        ],
        initiatives=[
            Initiative(name=i.name, kind=i.kind, cited_in_proposal=i.cited_in_proposal,
                       evidence=evidence_for([e.text for e in i.evidence], article))
            for i in gold.initiatives
        ],
        run=RUN,
    )  # fmt: skip


@pytest.fixture
def gold() -> Gold:
    return load_gold(SEED_GOLD)


@pytest.fixture
def article() -> str:
    return load_article(SEED_ARTICLE).text


def test_a_perfect_prediction_scores_one_everywhere(gold: Gold, article: str) -> None:
    metrics = pool_scores([score_article("seed", perfect(gold, article), gold, article)])
    for name in ("proposal_f1", "initiative_f1", "count_accuracy", "stated_count_accuracy", "ordinal_accuracy",
                 "title_similarity", "link_accuracy", "grounding", "evidence_f1", "speaker_accuracy",
                 "event_accuracy", "date_accuracy", "location_accuracy", "first_try_validity"):  # fmt: skip
        assert metrics[name] == 1.0, name


def test_an_empty_prediction_scores_zero_recall(gold: Gold, article: str) -> None:
    empty = perfect(gold, article).model_copy(update={"proposals": [], "initiatives": []})
    metrics = pool_scores([score_article("seed", empty, gold, article)])
    assert metrics["proposal_recall"] == 0.0 and metrics["initiative_recall"] == 0.0
    assert metrics["proposal_f1"] == 0.0 and metrics["count_accuracy"] == 0.0


def test_a_failed_article_scores_as_empty(gold: Gold, article: str) -> None:
    metrics = pool_scores([score_article("seed", None, gold, article, error="server died")])
    assert (
        metrics["failures"] == 1 and metrics["proposal_recall"] == 0.0 and metrics["speaker_accuracy"] == 0.0
    )


def test_reordering_changes_only_ordinal_accuracy(gold: Gold, article: str) -> None:
    right = perfect(gold, article)
    shuffled = right.model_copy(deep=True)
    shuffled.proposals.reverse()
    shuffled.initiatives.reverse()
    before = pool_scores([score_article("seed", right, gold, article)])
    after = pool_scores([score_article("seed", shuffled, gold, article)])
    # Ordinals stay with their proposals when a list is reversed; renumber by position.
    for n, proposal in enumerate(shuffled.proposals, 1):
        proposal.ordinal = n
    renumbered = pool_scores([score_article("seed", shuffled, gold, article)])
    assert after == before
    changed = {k for k in before if before[k] != renumbered[k]}
    assert changed == {"ordinal_accuracy", "link_accuracy"}  # links name ordinals, so they move too
    assert renumbered["ordinal_accuracy"] == 0.0  # 4 reversed: no proposal keeps its place


def test_one_missing_proposal_scores_what_the_arithmetic_says(gold: Gold, article: str) -> None:
    prediction = perfect(gold, article)
    prediction.proposals.pop(2)  # 3 of 4 predicted, all right
    metrics = pool_scores([score_article("seed", prediction, gold, article)])
    assert metrics["proposal_precision"] == 1.0
    assert metrics["proposal_recall"] == 0.75
    assert metrics["proposal_f1"] == round(2 * 1.0 * 0.75 / 1.75, 4)
    assert metrics["count_accuracy"] == 0.0
    assert metrics["evidence_f1"] == round(
        2 * 1.0 * (11 / 13) / (1 + 11 / 13), 4
    )  # 2 of 13 gold sentences lost


def test_an_extra_proposal_costs_precision(gold: Gold, article: str) -> None:
    prediction = perfect(gold, article)
    prediction.proposals.append(
        Proposal(ordinal=5, title="invade the moon", summary="Nothing like it.", evidence=[])
    )
    metrics = pool_scores([score_article("seed", prediction, gold, article)])
    assert (metrics["proposal_precision"], metrics["proposal_recall"]) == (0.8, 1.0)


def test_an_article_without_proposals_scores_one_when_none_are_predicted() -> None:
    gold = Gold(article={}, speaker={"name": "Xi Jinping"}, proposals=[], initiatives=[])
    prediction = Summary(article={"source": "x", "sha256": "0"}, speaker={"name": "Xi Jinping"}, run=RUN)
    metrics = pool_scores([score_article("none", prediction, gold, "text")])
    assert metrics["proposal_f1"] == 1.0 and metrics["count_accuracy"] == 1.0


def test_names_match_despite_case_hyphens_and_a_descriptive_tail() -> None:
    assert (
        name_similarity("BRICS Counter-Terrorism Working Group", "BRICS counter terrorism working group")
        == 1.0
    )
    assert (
        name_similarity(
            "Collective Security Strategy", "Collective Security Strategy for the period up to 2025"
        )
        >= 0.8
    )
    assert name_similarity("Global Development Initiative", "Global Security Initiative") < 0.8
    assert name_similarity("Global Initiative", "Global Initiative on Data Security") < 0.8


def test_the_gate_names_the_metric_that_fell() -> None:
    found = regressions(
        {"proposal_f1": 0.80, "grounding": 1.0},
        {"tolerance": 0.05, "metrics": {"proposal_f1": 0.92, "grounding": 1.0}},
    )
    assert [str(r) for r in found] == ["proposal_f1 fell from 0.920 to 0.800 (-0.120; tolerance 0.050)"]
    assert regressions({"proposal_f1": 0.90}, {"tolerance": 0.05, "metrics": {"proposal_f1": 0.92}}) == []


words = st.text(alphabet="abcdefgh ", min_size=0, max_size=30)


@given(words, words)
def test_similarities_are_symmetric_and_bounded(a: str, b: str) -> None:
    for similarity in (text_similarity, name_similarity):
        assert 0.0 <= similarity(a, b) <= 1.0
        assert similarity(a, b) == pytest.approx(similarity(b, a))


@settings(max_examples=50)
@given(st.lists(words, max_size=6), st.lists(words, max_size=6))
def test_alignment_is_one_to_one_bounded_and_symmetric(predicted: list[str], gold: list[str]) -> None:
    pairs = align(predicted, gold, text_similarity, 0.5)
    assert (
        len({p.pred for p in pairs})
        == len(pairs)
        == len({p.gold for p in pairs})
        <= min(len(predicted), len(gold))
    )
    assert all(0.5 <= p.score <= 1.0 for p in pairs)
    back = align(gold, predicted, text_similarity, 0.5)
    assert sum(p.score for p in pairs) == pytest.approx(sum(p.score for p in back))


def test_metrics_stay_within_bounds_for_any_mix(gold: Gold, article: str) -> None:
    scores = [
        score_article("a", perfect(gold, article), gold, article),
        score_article("b", None, gold, article, error="x"),
        score_article("c", perfect(gold, article).model_copy(update={"proposals": []}), gold, article),
    ]
    metrics = pool_scores(scores)
    for name, value in metrics.items():
        if name.endswith(
            ("_f1", "_accuracy", "_precision", "_recall", "grounding", "validity", "similarity")
        ):
            assert 0.0 <= value <= 1.0, name
    assert json.dumps(metrics)  # plain data, fit for report.json


def test_per_article_accuracies_may_lose_one_article_but_not_two() -> None:
    baseline = {"tolerance": 0.05, "metrics": {"event_accuracy": 1.0, "proposal_f1": 1.0}}
    assert regressions({"articles": 12, "event_accuracy": 11 / 12, "proposal_f1": 1.0}, baseline) == []
    [fell] = regressions({"articles": 12, "event_accuracy": 10 / 12, "proposal_f1": 1.0}, baseline)
    assert fell.metric == "event_accuracy"
    [fell] = regressions({"articles": 12, "event_accuracy": 1.0, "proposal_f1": 0.94}, baseline)
    assert fell.metric == "proposal_f1"  # pooled metrics keep the plain tolerance
