"""The machinery of scoring, declared once: scorers judge one article, metrics pool a set.

After Inspect AI's scorers and metrics: a scorer is a small named function that returns
an article's figures (and its differences to gold); a metric is a named aggregate over
articles (`mean`, `ratio`, `f1`, ...) with flags saying how the report and the gate use
it. `metrics.py` declares every scorer and metric; the report's lists (headline, shown,
cost ...) are derived from those flags, so a new metric is one module's change.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Scored = tuple[dict[str, Any], list[str]]  # an article's figures, and its differences to gold
Pool = Callable[[list["ArticleScore"]], float | int]
C = TypeVar("C")  # what a scorer reads: the prediction, its gold, the article


@dataclass
class ArticleScore:
    """One article's figures, keyed by the names its scorers declare."""

    name: str
    failed: str | None  # the error, when the summariser gave no answer
    values: dict[str, Any]
    differences: list[str] = field(default_factory=list)
    # What was predicted, compactly (sentence ids, no text): enough to show it beside gold.
    predicted: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@dataclass(frozen=True)
class Scorer(Generic[C]):
    name: str
    score: Callable[[C], Scored]
    # Every figure it sets, with its value for an article that failed (a callable is
    # given the gold: a failed article still has gold proposals to miss).
    fields: dict[str, Any]
    digits: dict[str, int]  # figures rounded this far in report.json (the pool sees them whole)
    compared: bool  # whether `eval --compare` lists an article's changes in these figures


@dataclass(frozen=True)
class Metric:
    name: str
    pool: Pool  # how the articles' figures make the set's
    headline: bool = False  # gated against a baseline or an earlier report
    lower_is_better: bool = False  # for a headline metric: any rise is a regression
    per_article: bool = False  # a share of articles: it moves in steps of 1/articles
    shown: bool = True  # a row of the table, report.md and the HTML report
    cost: bool = False  # what the answers cost rather than how good they are
    fraction: bool = True  # lies in [0, 1] (an HTML chart's scale)


class Registry(Generic[C]):
    """Scorers run in the order they are registered (the order of an article's
    differences); metrics are listed in theirs (the order of the table's rows)."""

    def __init__(self) -> None:
        self.scorers: list[Scorer[C]] = []
        self.metrics: list[Metric] = []

    def scorer(
        self, fields: dict[str, Any], *, digits: dict[str, int] | None = None, compared: bool = True
    ) -> Callable[[Callable[[C], Scored]], Callable[[C], Scored]]:
        def register(function: Callable[[C], Scored]) -> Callable[[C], Scored]:
            self.scorers.append(Scorer(function.__name__, function, fields, digits or {}, compared))
            return function

        return register

    def metric(self, name: str, pool: Pool, **flags: bool) -> None:
        self.metrics.append(Metric(name, pool, **flags))

    def names(self, **flags: bool) -> tuple[str, ...]:
        """The metrics whose flags have these values, in the table's order."""
        return tuple(m.name for m in self.metrics if all(getattr(m, k) == v for k, v in flags.items()))

    def get(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)

    def score(self, context: C) -> Scored:
        values: dict[str, Any] = {}
        differences: list[str] = []
        for scorer in self.scorers:
            found, said = scorer.score(context)
            if found.keys() != scorer.fields.keys():  # a failed article would lack the rest
                raise AssertionError(
                    f"scorer {scorer.name} sets {sorted(found)}, declares {sorted(scorer.fields)}"
                )
            values.update(found)
            differences += said
        return values, differences

    def failed(self, gold: Any) -> dict[str, Any]:
        """The figures of an article with no answer: nothing right, all its gold missed."""
        return {
            name: value(gold) if callable(value) else type(value)(value)  # a fresh list each
            for scorer in self.scorers
            for name, value in scorer.fields.items()
        }

    def pool(self, scores: list[ArticleScore]) -> dict[str, Any]:
        pooled = {metric.name: metric.pool(scores) for metric in self.metrics}
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in pooled.items()}

    def as_dict(self, score: ArticleScore) -> dict[str, Any]:
        values = dict(score.values)
        for scorer in self.scorers:
            for name, places in scorer.digits.items():
                value = values[name]
                values[name] = (
                    [round(v, places) for v in value] if isinstance(value, list) else round(value, places)
                )
        return {
            "name": score.name,
            "failed": score.failed,
            **values,
            "differences": score.differences,
            "predicted": score.predicted,
        }

    def compared(self) -> tuple[str, ...]:
        """The article figures `eval --compare` reports changes in (not the cost of answers)."""
        return tuple(name for s in self.scorers if s.compared for name in s.fields)


# How a metric pools its articles: small named aggregates, as Inspect's accuracy() or mean().


def _ratio(numerator: float, denominator: float, empty: float = 1.0) -> float:
    return numerator / denominator if denominator else empty


def total(name: str) -> Pool:
    """The figure summed over articles."""
    return lambda scores: sum(s[name] for s in scores)


def mean(name: str) -> Pool:
    """The share of articles where the figure holds (0 for an empty set)."""
    return lambda scores: _ratio(sum(bool(s[name]) for s in scores), len(scores), 0.0)


def average(name: str) -> Pool:
    """The figure's mean over articles (0 for an empty set)."""
    return lambda scores: _ratio(sum(s[name] for s in scores), len(scores), 0.0)


def ratio(numerator: str, denominator: str) -> Pool:
    """Micro-pooled: two figures summed over the set, then divided (1 when nothing to count)."""
    return lambda scores: _ratio(total(numerator)(scores), total(denominator)(scores))


def f1(precision: Pool, recall: Pool) -> Pool:
    def pooled(scores: list[ArticleScore]) -> float:
        p, r = precision(scores), recall(scores)
        return 2 * p * r / (p + r) if p + r else 0.0

    return pooled


def items(name: str) -> Pool:
    """How many entries the articles' lists hold together."""
    return lambda scores: sum(len(s[name]) for s in scores)


def mean_of_items(name: str) -> Pool:
    """The mean of every entry of the articles' lists (0 when there are none)."""

    def pooled(scores: list[ArticleScore]) -> float:
        entries = [v for s in scores for v in s[name]]
        return statistics.fmean(entries) if entries else 0.0

    return pooled


def articles(scores: list[ArticleScore]) -> int:
    return len(scores)


def failures(scores: list[ArticleScore]) -> int:
    return sum(1 for s in scores if s.failed)


def median_answered(name: str) -> Pool:
    """The median over the articles that were answered (a failure took no time to score)."""

    def pooled(scores: list[ArticleScore]) -> float:
        answered = [s[name] for s in scores if not s.failed]
        return statistics.median(answered) if answered else 0.0

    return pooled


def total_answered(name: str) -> Pool:
    return lambda scores: sum(s[name] for s in scores if not s.failed)
