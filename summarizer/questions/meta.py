"""META: who spoke, as what, where and at which event."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from ..llm import Answer
from ..schemas.answers import BoundedAnswer
from .base import Asker, Question

MAX_PEOPLE = 4


class GroundedMeta(BoundedAnswer):
    """Who spoke, as what, where and at which event."""

    speaker_name: str = Field(min_length=1, max_length=60)
    speaker_title: str = Field(max_length=100)
    event: str = Field(max_length=160)
    location: str = Field(max_length=50)

    @field_validator("speaker_name")
    @classmethod
    def name_in_article(cls, value: str, info: ValidationInfo) -> str:
        text = (info.context or {}).get("text", "")
        parts = [p for p in value.replace(",", " ").split() if len(p) > 1]
        if text and parts and not any(p.lower() in text.lower() for p in parts):
            raise ValueError(f"[speaker-in-article] '{value}' does not occur in the article")
        return value.strip()


class Meta(Question):
    """Who the principal speaker is, their office, the event and the city."""

    template = "meta"
    max_tokens = 120

    @staticmethod
    def example_answer() -> type[GroundedMeta]:
        return GroundedMeta


def ask_meta(asker: Asker, people: list[str], hint: str | None = None) -> Answer[GroundedMeta]:
    """`people`: whom the article has speak, most often first (code counts them); the model
    chooses the principal speaker knowing them, but may name someone else."""
    article = asker.article
    context = {"text": (article.headline or "") + "\n" + article.text}
    values = {"people": ", ".join(people[:MAX_PEOPLE]), "hint": hint}
    return asker.ask(Meta, GroundedMeta, values, context, Meta.max_tokens)
