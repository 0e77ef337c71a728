"""FIND: which of the sentences that put something forward hold the speaker's proposals."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, create_model, field_validator

from ..llm import Answer
from ..schemas.answers import BoundedAnswer
from .base import Asker, Question

MAX_FOUND = 8


class FoundProposals(BoundedAnswer):
    """The sentences in which the principal speaker puts forward a proposal, in order."""

    sentences: list[int] = Field(max_length=MAX_FOUND)

    @field_validator("sentences")
    @classmethod
    def sentences_offered(cls, value: list[int], info: ValidationInfo) -> list[int]:
        allowed = set((info.context or {}).get("sentence_ids", []))
        missing = [f"S{i}" for i in value if allowed and i not in allowed]
        if missing:
            offered = ", ".join(f"S{i}" for i in sorted(allowed))
            raise ValueError(
                f"[sentence-ids] {', '.join(missing)} not among the sentences offered ({offered})"
            )
        if len(set(value)) != len(value):
            raise ValueError("[sentence-ids] each sentence once")
        return sorted(value)


class Find(Question):
    """Which candidate sentences hold the principal speaker's proposals."""

    template = "find"

    @staticmethod
    def answer(candidates: list[int], stated: int, whole: bool) -> type[FoundProposals]:
        """`stated` of the candidates, exactly when the model sees the whole article, else at
        least one (a model let to answer [] always does). The enum travels in the schema (so a
        grammar cannot produce another id), the validator checks it on any backend."""
        offered = Annotated[int, Field(json_schema_extra={"enum": candidates})]
        most = min(stated, len(candidates))
        size = Field(min_length=most if whole else min(1, most), max_length=most)
        return create_model(
            "FoundProposals",
            __base__=FoundProposals,
            sentences=(Annotated[list[offered], size], ...),  # type: ignore[valid-type]
        )

    @staticmethod
    def example_answer() -> type[FoundProposals]:
        return Find.answer([3, 5, 8, 9], 2, whole=True)

    @staticmethod
    def max_tokens(candidates: list[int]) -> int:
        return 20 + 5 * len(candidates)


def ask_find(
    asker: Asker, speaker: str | None, stated: int, candidates: list[int], whole: bool = True
) -> Answer[FoundProposals]:
    """Which `stated` of the candidate sentences hold the speaker's proposals; `whole`: the
    excerpt is not one of several windows."""
    values = {"speaker": speaker, "stated": stated, "candidates": ", ".join(f"S{i}" for i in candidates)}
    answer = Find.answer(candidates, stated, whole)
    return asker.ask(Find, answer, values, {"sentence_ids": candidates}, Find.max_tokens(candidates))
