"""What the model answers: small, bounded shapes, one per question.

Every string has a `maxLength` and every array a `maxItems`, so constrained decoding cannot
loop. The model cites sentence ids and writes short text; it never copies evidence.
Validators check facts against the article (passed as instructor's validation
`context`); their messages start with a check name in brackets, which the CLI reports
when a check still fails after the last attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetaAnswer(_Answer):
    """Who spoke, as what, where and at which event."""

    speaker_name: str = Field(min_length=1, max_length=60)
    speaker_title: str = Field(max_length=100)
    event: str = Field(max_length=160)
    location: str = Field(max_length=50)


ListKind = Literal[
    "proposals made at this event",
    "proposals from an earlier occasion",
    "facts or achievements",
    "something else",
]


class ListVerdict(_Answer):
    list: str = Field(max_length=4)
    speaker: str = Field(max_length=60)
    kind: ListKind


def _exactly(
    name: str, field: str, item: type[BaseModel], count: int, check: Callable[[list[Any]], str | None]
) -> type[BaseModel]:
    """An answer holding exactly `count` items in `field`, with a check of fact on them:
    `check` returns the error message (starting with its check name) or None."""

    def checked(cls: type, value: list[Any]) -> list[Any]:
        if (problem := check(value)) is not None:
            raise ValueError(problem)
        return value

    return create_model(
        name,
        __base__=_Answer,
        __validators__={f"check_{field}": field_validator(field)(classmethod(checked))},
        **{field: (Annotated[list[item], Field(min_length=count, max_length=count)], ...)},  # type: ignore[valid-type]
    )


def lists_answer(keys: list[str]) -> type[BaseModel]:
    """One verdict per candidate list, each list named exactly once."""
    key_type = Literal[tuple(keys)]  # type: ignore[valid-type]
    verdict = create_model("Verdict", __base__=ListVerdict, list=(key_type, ...))

    def every_list_once(value: list[Any]) -> str | None:
        named = [v.list for v in value]
        if sorted(named) == sorted(keys):
            return None
        return f"[list-keys] answer once for each of {', '.join(keys)}; got {', '.join(named)}"

    return _exactly("ListsAnswer", "lists", verdict, len(keys), every_list_once)


TITLE_MAX = 80
SUMMARY_MAX = 200
KEY_POINT_MAX = 80


class Wording(_Answer):
    item: int = Field(ge=1, le=20)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX)
    key_points: list[Annotated[str, Field(min_length=1, max_length=KEY_POINT_MAX)]] = Field(max_length=3)


def _numbered(expected: list[int]) -> Callable[[list[Any]], str | None]:
    def in_order(value: list[Any]) -> str | None:
        numbers = [entry.item for entry in value]
        return (
            None if numbers == expected else f"[item-numbers] give items {expected} in order; got {numbers}"
        )

    return in_order


def wording_answer(count: int) -> type[BaseModel]:
    """A title, summary and key points for each of `count` proposals, numbered 1..count."""
    return _exactly("WordingAnswer", "proposals", Wording, count, _numbered(list(range(1, count + 1))))


class FoundProposals(_Answer):
    """The sentences in which the principal speaker puts forward a proposal, in order."""

    sentences: list[int] = Field(max_length=8)

    @field_validator("sentences")
    @classmethod
    def sentences_exist(cls, value: list[int], info: ValidationInfo) -> list[int]:
        allowed = set((info.context or {}).get("sentence_ids", []))
        missing = [f"S{i}" for i in value if allowed and i not in allowed]
        if missing:
            raise ValueError(
                f"[sentence-ids] {', '.join(missing)} not among the sentences shown "
                f"(S{min(allowed)}..S{max(allowed)})"
            )
        if len(set(value)) != len(value):
            raise ValueError("[sentence-ids] each sentence once")
        return sorted(value)


class Title(_Answer):
    item: int = Field(ge=1, le=20)
    title: str = Field(min_length=1, max_length=TITLE_MAX)


def titles_answer(items: list[int]) -> type[BaseModel]:
    """A short title for each of the numbered proposals that have no heading of their own."""
    return _exactly("TitlesAnswer", "titles", Title, len(items), _numbered(items))
