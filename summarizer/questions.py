"""The small questions put to the model, one function each, over one shared excerpt.

Every question is sent as [system, excerpt, question]: the system prompt (instructions
for all questions) and the article excerpt are the same for every question about an
article, so llama.cpp computes them once and each question costs only its own few
tokens. The excerpt holds what the questions need and no more (prompt tokens are the
main cost on a small CPU): the opening sentences, and each candidate list with its
introduction; with no list, the whole article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, field_validator

from .cues.ordinals import CandidateList, Item
from .llm import Answer, ModelClient
from .loader import Article
from .prompting import PromptSet
from .schemas.answers import FoundProposals, MetaAnswer, lists_answer, titles_answer, wording_answer

# A rough count: English news runs about 4 characters a token; 3.5 leaves a margin.
CHARS_PER_TOKEN = 3.5
# The system prompt, a question, its answer and a margin: what a window must leave free.
RESERVED_TOKENS = 1800
META_SENTENCES = 5
MAX_PEOPLE = 4
INTRO_SENTENCES = 2
# Sentences are cut to this many words in the excerpt: enough to tell who proposes
# what, short enough to keep the prompt small.
EXCERPT_WORDS = 45
ITEM_WORDS = 35


def plain(text: str) -> str:
    """Text as the model sees it: double quotes made single, so that a phrase the model
    copies into a JSON string cannot end the string early."""
    return text.replace('"', "'").replace("\u201c", "'").replace("\u201d", "'")


def cut(text: str, words: int) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " ..."


def excerpt_ids(article: Article, lists: list[CandidateList]) -> list[int]:
    """Which sentences the model sees: all of an article without lists, else the opening
    and every list with its introduction."""
    if not lists:
        return [s.id for s in article.sentences]
    chosen = {s.id for s in article.sentences[:META_SENTENCES]}
    for candidate in lists:
        first = candidate.first_sentence
        chosen.update(range(max(1, first - INTRO_SENTENCES), first))
        chosen.update(item.sentence for item in candidate.items)
    return sorted(chosen)


def excerpt_lines(article: Article, ids: list[int], gaps: bool = True) -> list[str]:
    lines: list[str] = []
    previous = 0
    for sentence_id in ids:
        if gaps and sentence_id > previous + 1:
            lines.append("[...]")
        lines.append(f"[S{sentence_id}] {cut(plain(article.sentence(sentence_id).text), EXCERPT_WORDS)}")
        previous = sentence_id
    if gaps and previous < article.sentences[-1].id:
        lines.append("[...]")
    return lines


def estimate_tokens(text: str) -> int:
    return int(len(text) / CHARS_PER_TOKEN) + 1


def windows(article: Article, ids: list[int], context: int, overlap: int = 2) -> list[list[int]]:
    """The excerpt, or overlapping windows of it when it would not fit the model's context."""
    # The headline, the "Article:" line and the "[...]" gap marks travel with every window.
    overhead = estimate_tokens(f"Headline: {article.headline or ''}\n\nArticle:\n[...]\n[...]\n")
    budget = max(500, context - RESERVED_TOKENS - overhead)
    costs = {
        i: estimate_tokens(line) for i, line in zip(ids, excerpt_lines(article, ids, gaps=False), strict=True)
    }
    if sum(costs.values()) <= budget:
        return [ids]
    parts: list[list[int]] = []
    current: list[int] = []
    for sentence_id in ids:
        if current and sum(costs[i] for i in current) + costs[sentence_id] > budget:
            parts.append(current)
            current = current[-overlap:]
        current.append(sentence_id)
    parts.append(current)
    return parts


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
        question: str,
        model: type[Any],
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
            {"role": "system", "content": self.prompts.render("system")},
            {"role": "user", "content": excerpt},
            {"role": "user", "content": self.prompts.render(question, **values)},
        ]
        return self.client.ask(
            model, messages, context=context, max_retries=self.max_retries, max_tokens=max_tokens
        )


class GroundedMeta(MetaAnswer):
    @field_validator("speaker_name")
    @classmethod
    def name_in_article(cls, value: str, info: ValidationInfo) -> str:
        text = (info.context or {}).get("text", "")
        parts = [p for p in value.replace(",", " ").split() if len(p) > 1]
        if text and parts and not any(p.lower() in text.lower() for p in parts):
            raise ValueError(f"[speaker-in-article] '{value}' does not occur in the article")
        return value.strip()


def ask_meta(asker: Asker, people: list[str], hint: str | None = None) -> Answer[GroundedMeta]:
    """`people`: whom the article has speak, most often first (code counts them); the model
    chooses the principal speaker knowing them, but may name someone else."""
    article = asker.article
    context = {"text": (article.headline or "") + "\n" + article.text}
    values = {"people": ", ".join(people[:MAX_PEOPLE]), "hint": hint}
    return asker.ask("meta", GroundedMeta, values, context, max_tokens=120)


def _ids(ids: list[int]) -> str:
    return ", ".join(f"S{i}" for i in ids)


def ask_lists(asker: Asker, lists: list[CandidateList]) -> Answer[Any]:
    shown = []
    for candidate in lists:
        ids = list(dict.fromkeys(item.sentence for item in candidate.items))
        intro = [
            i for i in range(candidate.first_sentence - INTRO_SENTENCES, candidate.first_sentence) if i >= 1
        ]
        described = _ids(ids) + (" (all its items in one sentence)" if len(ids) == 1 else "")
        shown.append({"key": candidate.key, "sentences": described, "intro": _ids(intro)})
    keys = [c.key for c in lists]
    return asker.ask("lists", lists_answer(keys), {"lists": shown}, {}, max_tokens=40 + 30 * len(lists))


def ask_find(
    asker: Asker, speaker: str | None, stated: int | None, candidates: list[int]
) -> Answer[FoundProposals]:
    context = {"sentence_ids": sorted(asker.visible)}
    values = {"speaker": speaker, "stated": stated, "candidates": _ids(candidates)}
    return asker.ask("find", FoundProposals, values, context, max_tokens=60)


def item_text(article: Article, item: Item) -> str:
    return cut(plain(article.text[item.start : item.end]), ITEM_WORDS)


def ask_titles(asker: Asker, items: list[Item], numbers: list[int], speaker: str | None) -> Answer[Any]:
    """Titles for the proposals (numbered 1..N overall) that have no heading of their own."""
    shown = [{"number": n, "text": item_text(asker.article, items[n - 1])} for n in numbers]
    values = {"speaker": speaker, "items": shown}
    return asker.ask("titles", titles_answer(numbers), values, {}, max_tokens=20 + 25 * len(numbers))


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
    return asker.ask("wording", wording_answer(len(items)), values, {}, max_tokens=30 + 90 * len(items))
