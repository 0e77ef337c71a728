"""The questions put to the model, each declared once in its own module.

A question module holds its instructions (the class docstring, which the system prompt
lists), its answer model and validators, its token budget and the `ask_*` function that
fills its template (`prompts/<template>.j2`). A new question is one module here, one
template, and one entry in QUESTIONS (the order the system prompt lists them in).
"""

from __future__ import annotations

from typing import Any

from .base import Asker, Question, prompt_sha256, system_prompt
from .excerpt import RESERVED_TOKENS, estimate_tokens, excerpt_ids, windows
from .find import Find, FoundProposals, ask_find
from .lists import Lists, ask_lists
from .meta import GroundedMeta, Meta, ask_meta
from .wording import Words, ask_wording

QUESTIONS: tuple[type[Question], ...] = (Meta, Lists, Find, Words)


def answer_schemas() -> dict[str, Any]:
    """Each question's answer schema, keyed by its template name, for an example input (two
    candidate lists L1 and L2; candidate sentences S3, S5, S8 and S9 of which two are stated;
    two proposals). For a real article the counts, keys and sentence ids are its own."""
    return {question.template: question.example_answer().model_json_schema() for question in QUESTIONS}


__all__ = [
    "QUESTIONS",
    "RESERVED_TOKENS",
    "Asker",
    "FoundProposals",
    "GroundedMeta",
    "Question",
    "answer_schemas",
    "ask_find",
    "ask_lists",
    "ask_meta",
    "ask_wording",
    "estimate_tokens",
    "excerpt_ids",
    "prompt_sha256",
    "system_prompt",
    "windows",
]
