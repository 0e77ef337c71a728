"""Titles, summaries and key points of the proposals found: all from the model, or all cut
from the evidence (the article's own heading where it has one), so no word the article
lacks reaches a summary: a model's wording with any such word is replaced, part by part,
by the wording cut from the evidence, with a warning.
"""

from __future__ import annotations

from .assemble import Worded
from .cues.ordinals import Item
from .extractive import key_points_of, summary_of, title_of, unsupported
from .llm import Cost
from .loader import Article
from .questions import Asker, ask_wording
from .questions.wording import KEY_POINT_MAX, SUMMARY_MAX, TITLE_MAX


def word_proposals(
    asker: Asker, items: list[Item], spans: list[list[int]], speaker: str | None, by_model: bool
) -> tuple[list[Worded], Cost, tuple[str, ...]]:
    """Titles, summaries, key points: all from the model, or all cut from the evidence (the
    article's own heading where it has one), so no word the article lacks."""
    article = asker.article
    cut = [_cut_from_evidence(article, item, ids) for item, ids in zip(items, spans, strict=True)]
    if not by_model:
        return cut, Cost(), ()
    answer = ask_wording(asker, items, spans, speaker)
    worded, warnings = [], []
    for item, w, fallback in zip(items, answer.value.proposals, cut, strict=True):
        written = Worded(
            title=item.heading or _tidy(w.title, TITLE_MAX),
            summary=_tidy(w.summary, SUMMARY_MAX),
            key_points=[_tidy(p, KEY_POINT_MAX) for p in w.key_points if p.strip()],
        )
        checked, added = _supported(written, fallback, article.text)
        worded.append(checked)
        if added:
            warnings.append(f"the model's wording of proposal {len(worded)} used words the article lacks "
                            f"({', '.join(sorted(set(added))[:5])}): cut from the evidence instead")  # fmt: skip
    return worded, answer.cost, tuple(warnings)


def _cut_from_evidence(article: Article, item: Item, ids: list[int]) -> Worded:
    sentences = [article.sentence(i) for i in ids]
    summary = summary_of(item, sentences, article.text)
    title = item.heading or title_of(item, article.text)
    return Worded(title, summary, key_points_of(item, sentences, summary))


def _supported(written: Worded, fallback: Worded, article: str) -> tuple[Worded, list[str]]:
    """The model's title, summary and key points where every word is the article's; each
    part that is not is replaced by the one cut from the evidence."""
    added = [*unsupported(written.title, article), *unsupported(written.summary, article)]
    points_added = [w for p in written.key_points for w in unsupported(p, article)]
    checked = Worded(
        title=fallback.title if unsupported(written.title, article) else written.title,
        summary=fallback.summary if unsupported(written.summary, article) else written.summary,
        key_points=fallback.key_points if points_added else written.key_points,
    )
    return checked, added + points_added


def _tidy(text: str, limit: int) -> str:
    """A string the decoder cut at its maxLength ends mid-word: end it at the last word."""
    text = " ".join(text.split())
    if len(text) >= limit - 2 and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return text
