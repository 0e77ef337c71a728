"""The metric registry: each scorer declares its figures, each metric its flags, and the
report's lists and the gate follow from them."""

from __future__ import annotations

import json
from pathlib import Path

from test_scoring import SEED_ARTICLE, SEED_GOLD, perfect

from summarizer.evaluation.dataset import load_gold
from summarizer.evaluation.gate import baseline_document, regressions
from summarizer.evaluation.metrics import COST, GATED, HEADLINE, SHOWN, as_dict, pool_scores, score_article
from summarizer.evaluation.registry import ArticleScore, Registry, mean, ratio, total
from summarizer.loader import load_article

ROOT = Path(__file__).resolve().parents[1]


def test_a_failed_article_has_every_figure_an_answered_one_has() -> None:
    gold, article = load_gold(SEED_GOLD), load_article(SEED_ARTICLE).text
    answered = as_dict(score_article("a", perfect(gold, article), gold, article))
    failed = as_dict(score_article("a", None, gold, article, error="server died"))
    assert answered.keys() == failed.keys()
    assert failed["proposals_gold"] == len(gold.proposals) and failed["proposals_tp"] == 0
    assert failed["evidence_gold"] == sum(len(p.evidence) for p in gold.proposals)
    assert failed["differences"] == ["failed: server died"]


def test_a_registered_metric_reaches_the_lists_its_flags_name() -> None:
    registry: Registry[object] = Registry()
    registry.metric("found", ratio("tp", "gold"), headline=True)
    registry.metric("words", total("words"), headline=True, lower_is_better=True, fraction=False)
    registry.metric("right", mean("right"), per_article=True, shown=False)
    assert registry.names(headline=True, lower_is_better=False) == ("found",)
    assert registry.names(headline=True, lower_is_better=True) == ("words",)
    assert registry.names(shown=True) == ("found", "words")
    assert registry.names(per_article=True) == ("right",)
    scores = [ArticleScore("a", None, {"tp": 1, "gold": 2, "words": 3, "right": True}),
              ArticleScore("b", None, {"tp": 2, "gold": 2, "words": 0, "right": False})]  # fmt: skip
    assert registry.pool(scores) == {"found": 0.75, "words": 3, "right": 0.5}


def test_the_gate_watches_what_the_table_shows_and_the_baselines_hold() -> None:
    assert set(GATED) <= set(SHOWN) and set(COST) <= set(SHOWN)
    assert set(HEADLINE) < set(GATED)  # unsupported_words is gated, lower is better
    for path in (ROOT / "evals" / "baseline.json", ROOT / "evals" / "real-dev-baseline.json"):
        baseline = json.loads(path.read_text())
        assert set(baseline["metrics"]) == set(GATED) | set(COST), path
        rewritten = baseline_document(baseline["metrics"], baseline["config"], baseline["tolerance"])
        assert rewritten == baseline, path
        assert regressions(baseline["metrics"], baseline) == []


def test_a_rise_of_a_lower_is_better_metric_is_a_regression() -> None:
    gold, article = load_gold(SEED_GOLD), load_article(SEED_ARTICLE).text
    before = pool_scores([score_article("a", perfect(gold, article), gold, article)])
    words = before["unsupported_words"]  # the gold's own wording is not all the article's
    [found] = regressions(dict(before, unsupported_words=words + 1), {"metrics": before, "tolerance": 0.5})
    assert (
        str(found) == f"unsupported_words rose from {words:.3f} to {words + 1:.3f} (+1.000; tolerance 0.000)"
    )
    assert regressions(dict(before, unsupported_words=words - 1), {"metrics": before}) == []
