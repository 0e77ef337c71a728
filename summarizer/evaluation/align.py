"""Align predicted and gold lists: Hungarian matching (scipy) on rapidfuzz similarity.

Order does not matter to the alignment (it is measured separately, as ordinal
accuracy); a pair only counts as a match at or above the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

P = TypeVar("P")
G = TypeVar("G")

PROPOSAL_THRESHOLD = 0.5
INITIATIVE_THRESHOLD = 0.8
_STOPWORDS = {"the", "of", "on", "for", "and", "to", "in", "up", "a", "an", "with", "among", "period"}


def normalise_text(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def text_similarity(a: str, b: str) -> float:
    """Word-set similarity in [0, 1], blind to case, punctuation and word order."""
    a, b = normalise_text(a), normalise_text(b)
    if not a and not b:
        return 1.0
    return fuzz.token_set_ratio(a, b) / 100.0


def proposal_similarity(pred_title: str, pred_body: str, gold_title: str, gold_body: str) -> float:
    """Titles weigh half; title + summary + key points the other half."""
    title = text_similarity(pred_title, gold_title)
    body = text_similarity(f"{pred_title} {pred_body}", f"{gold_title} {gold_body}")
    return 0.5 * title + 0.5 * body


def name_similarity(a: str, b: str) -> float:
    """Initiative names: near-identical strings, or one name the bulk of the other
    ("Collective Security Strategy" within "... Strategy for the period up to 2025")."""
    na, nb = (
        normalise_text(re.sub(r"^the\s+", "", a, flags=re.I)),
        normalise_text(re.sub(r"^the\s+", "", b, flags=re.I)),
    )
    score = fuzz.ratio(na.replace(" ", ""), nb.replace(" ", "")) / 100.0
    ta = {t for t in na.split() if t not in _STOPWORDS and not t.isdigit()}
    tb = {t for t in nb.split() if t not in _STOPWORDS and not t.isdigit()}
    small, large = sorted((ta, tb), key=len)
    if len(small) >= 2 and small <= large and len(small) / len(large) > 0.6:
        score = max(score, 0.9)
    return score


@dataclass(frozen=True)
class Pair:
    pred: int
    gold: int
    score: float


def align(
    predicted: Sequence[P], gold: Sequence[G], similarity: Callable[[P, G], float], threshold: float
) -> list[Pair]:
    """The one-to-one pairing that maximises total similarity, keeping pairs >= threshold."""
    if not predicted or not gold:
        return []
    scores = np.array([[similarity(p, g) for g in gold] for p in predicted], dtype=float)
    rows, cols = linear_sum_assignment(-scores)
    return [
        Pair(int(r), int(c), float(scores[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if scores[r, c] >= threshold
    ]
