"""WORDING: titles, summaries and key points written by the model (for larger models)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..cues.ordinals import Item
from ..llm import Answer
from ..schemas.answers import BoundedAnswer, exactly, numbered
from .base import Asker, Question
from .excerpt import ITEM_WORDS, cut, plain

TITLE_MAX = 80
SUMMARY_MAX = 200
KEY_POINT_MAX = 80


class Wording(BoundedAnswer):
    item: int = Field(ge=1, le=20)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX)
    key_points: list[Annotated[str, Field(min_length=1, max_length=KEY_POINT_MAX)]] = Field(max_length=3)


class Words(Question):
    """A title, summary and key points per proposal, in the model's words."""

    template = "wording"

    @staticmethod
    def answer(count: int) -> type[BoundedAnswer]:
        """A title, summary and key points for each of `count` proposals, numbered 1..count."""
        return exactly("WordingAnswer", "proposals", Wording, count, numbered(list(range(1, count + 1))))

    @staticmethod
    def example_answer() -> type[BoundedAnswer]:
        return Words.answer(2)

    @staticmethod
    def max_tokens(count: int) -> int:
        return 30 + 90 * count


def ask_wording(asker: Asker, items: list[Item], spans: list[list[int]], speaker: str | None) -> Answer[Any]:
    article = asker.article
    shown = [
        {
            "heading": plain(item.heading) if item.heading else None,
            "text": cut(plain(" ".join(article.sentence(i).text for i in ids)), 3 * ITEM_WORDS),
        }
        for item, ids in zip(items, spans, strict=True)
    ]
    values = {"speaker": speaker, "items": shown}
    return asker.ask(Words, Words.answer(len(items)), values, {}, Words.max_tokens(len(items)))
