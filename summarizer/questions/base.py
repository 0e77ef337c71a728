"""What a question is, and how one is put to the model over an article's shared excerpt.

Every question is sent as [system, excerpt, question]: the system prompt (the instructions
of every question, rendered in one loop) and the article excerpt are the same for every
question about an article, so llama.cpp computes them once and each question costs only
its own few tokens.

A question is a class (as in DSPy's `Signature`, a task is a class): it names its
template, builds its answer model (pydantic, every string and array bounded) and says how
many tokens its answer may take, both from its input. Its template `prompts/<name>.j2`
holds two blocks: `instructions` (what the system prompt says of it, all questions in one
loop, so one cached prefix) and `question` (the question itself, filled with its values).
Prompts stay editable with `--prompts DIR`; the code holds no prompt text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel

from ..llm import Answer, ModelClient
from ..loader import Article
from ..prompting import PromptSet
from .excerpt import excerpt_lines, plain


class Question:
    """A question to the model; `template` names its prompt template."""

    template: ClassVar[str]

    @classmethod
    def instructions(cls, prompts: PromptSet) -> str:
        return prompts.render_block(cls.template, "instructions")

    @staticmethod
    def example_answer() -> type[BaseModel]:
        """Its answer model for an example input (`summarizer schema --answers` prints it)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Asker:
    """Puts questions about one article: the shared excerpt first, the question last."""

    client: ModelClient
    prompts: PromptSet
    article: Article
    excerpt: list[int]
    max_retries: int = 2

    @property
    def visible(self) -> set[int]:
        return set(self.excerpt)

    def ask(
        self,
        question: type[Question],
        answer: type[BaseModel],
        values: dict[str, Any],
        context: dict[str, Any],
        max_tokens: int,
    ) -> Answer[Any]:
        excerpt = self.prompts.render(
            "article",
            headline=plain(self.article.headline or ""),
            lines=excerpt_lines(self.article, self.excerpt),
        )
        messages = [
            {"role": "system", "content": system_prompt(self.prompts)},
            {"role": "user", "content": excerpt},
            {"role": "user", "content": self.prompts.render_block(question.template, "question", **values)},
        ]
        return self.client.ask(
            answer, messages, context=context, max_retries=self.max_retries, max_tokens=max_tokens
        )


def system_prompt(prompts: PromptSet) -> str:
    """The instructions for every registered question, in one system prompt."""
    from . import QUESTIONS  # the registry imports the question modules, which import this

    return prompts.render("system", questions=[q.instructions(prompts) for q in QUESTIONS])


def prompt_sha256(prompts: PromptSet) -> str:
    """Fingerprint of what the model is told: the templates, and which questions the system
    prompt lists (the registry is code), so an edit to either changes `run.prompt_sha256`."""
    return hashlib.sha256(f"{prompts.sha256}\0{system_prompt(prompts)}".encode()).hexdigest()
