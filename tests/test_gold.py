"""The hand-labelled gold files: valid, and every evidence sentence really in its article."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.evaluation.dataset import load_gold

EVALS = Path(__file__).resolve().parents[1] / "evals"
SETS = [EVALS, EVALS / "holdout", EVALS / "long"]
PAIRS = [
    (article, article.parent.parent / "gold" / f"{article.stem}.json")
    for root in (EVALS, EVALS / "holdout")
    for article in sorted((root / "articles").glob("*.txt"))
] + [(article, article.with_suffix(".json")) for article in sorted((EVALS / "long").glob("*.txt"))]
NOTE = "(Written for the summarizer evaluation set; modelled on a real event, not a news report.)"


def test_the_set_is_large_enough() -> None:
    assert len(list((EVALS / "articles").glob("*.txt"))) >= 12


@pytest.mark.parametrize(("article", "gold_path"), PAIRS, ids=lambda p: p.stem if isinstance(p, Path) else "")
def test_gold_matches_its_article(article: Path, gold_path: Path) -> None:
    gold = load_gold(gold_path)
    text = article.read_text(encoding="utf-8")
    assert [p.ordinal for p in gold.proposals] == list(range(1, len(gold.proposals) + 1))
    names = {i.name for i in gold.initiatives}
    for proposal in gold.proposals:
        for evidence in proposal.evidence:
            assert evidence.text in text, evidence.text[:80]
        assert set(proposal.initiatives) <= names
    for initiative in gold.initiatives:
        assert initiative.name.split(" (")[0] in text
        for evidence in initiative.evidence:
            assert evidence.text in text
        if initiative.cited_in_proposal is not None:
            assert 1 <= initiative.cited_in_proposal <= len(gold.proposals)
    if article.stem != "brics-2024-09-11":
        assert text.rstrip().endswith(NOTE), "each article written for evaluation says so"
