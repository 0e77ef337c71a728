"""The building blocks of the model's answers; each question declares its own answer
model in `summarizer/questions/`.

Every string has a `maxLength` and every array a `maxItems`, so constrained decoding cannot
loop. The model cites sentence ids and writes short text; it never copies evidence.
Validators check facts against the article (passed as instructor's validation
`context`); their messages start with a check name in brackets, which the CLI reports
when a check still fails after the last attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator


class BoundedAnswer(BaseModel):
    """An answer object: no field beyond those declared."""

    model_config = ConfigDict(extra="forbid")


def exactly(
    name: str, field: str, item: type[BaseModel], count: int, check: Callable[[list[Any]], str | None]
) -> type[BoundedAnswer]:
    """An answer holding exactly `count` items in `field`, with a check of fact on them:
    `check` returns the error message (starting with its check name) or None."""

    def checked(cls: type, value: list[Any]) -> list[Any]:
        if (problem := check(value)) is not None:
            raise ValueError(problem)
        return value

    return create_model(
        name,
        __base__=BoundedAnswer,
        __validators__={f"check_{field}": field_validator(field)(classmethod(checked))},
        **{field: (Annotated[list[item], Field(min_length=count, max_length=count)], ...)},  # type: ignore[valid-type]
    )


def numbered(expected: list[int]) -> Callable[[list[Any]], str | None]:
    """The check that items carry the numbers `expected`, in order."""

    def in_order(value: list[Any]) -> str | None:
        numbers = [entry.item for entry in value]
        return (
            None if numbers == expected else f"[item-numbers] give items {expected} in order; got {numbers}"
        )

    return in_order
