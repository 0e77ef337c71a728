"""The small questions put to the model, one function each.

Each builds the context the question needs (and no more: prompt tokens are the main cost
on a small CPU), renders its template, and asks through `ModelClient`. The answers are
typed and bounded (`schemas.answers`); what they mean is decided in `pipeline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, field_validator

from .cues.ordinals import CandidateList, Item
from .llm import Answer, ModelClient
from .loader import Article
from .prompting import PromptSet
from .schemas.answers import FoundProposals, MetaAnswer, Wording, lists_answer, titles_answer, wording_answer
from .sentences import Sentence


def _plain(text: str) -> str:
    """Text as the model sees it: double quotes made single, so that a phrase the model
    copies into a JSON string cannot end the string early."""
    return text.replace('"', "'").replace("\u201c", "'").replace("\u201d", "'")


def numbered(sentences: list[Sentence], words: int | None = None) -> str:
    """`[S12] text` lines, each cut to `words` words when given."""
    return "\n".join(
        f"[S{s.id}] {_cut(_plain(s.text), words) if words else _plain(s.text)}" for s in sentences
    )


# Item sentences are cut to this many words in the list question: enough to tell a
# proposal from a fact, short enough to keep the prompt small.
LIST_ITEM_WORDS = 40
META_SENTENCES = 5
# A proposal's first sentences say what it is; the rest elaborate and cost prompt time.
WORDING_SENTENCES = 3
WORDING_WORDS = 45


@dataclass(frozen=True)
class Asker:
    client: ModelClient
    prompts: PromptSet
    max_retries: int = 2

    def ask(
        self,
        question: str,
        model: type[Any],
        values: dict[str, Any],
        context: dict[str, Any],
        max_tokens: int,
    ) -> Answer[Any]:
        messages = self.prompts.messages(question, **values)
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


def ask_meta(asker: Asker, article: Article) -> Answer[GroundedMeta]:
    first = article.sentences[:META_SENTENCES]
    values = {"headline": _plain(article.headline or ""), "sentences": numbered(first)}
    context = {"text": (article.headline or "") + "\n" + article.text}
    return asker.ask("meta", GroundedMeta, values, context, max_tokens=160)


def _cut(text: str, words: int) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " ..."


def list_context(article: Article, candidate: CandidateList, taken: set[int]) -> str:
    """The two sentences before a list (its introduction), then each item's sentence."""
    first = candidate.first_sentence
    before = [s for s in article.sentences[max(0, first - 3) : first - 1] if s.id not in taken]
    shown: list[Sentence] = before + [
        article.sentence(i) for i in dict.fromkeys(it.sentence for it in candidate.items)
    ]
    return numbered(shown, LIST_ITEM_WORDS)


def ask_lists(asker: Asker, article: Article, lists: list[CandidateList], speaker: str | None) -> Answer[Any]:
    item_ids = {item.sentence for candidate in lists for item in candidate.items}
    shown = [{"key": c.key, "context": list_context(article, c, item_ids)} for c in lists]
    values = {"headline": _plain(article.headline or ""), "speaker": speaker, "lists": shown}
    keys = [c.key for c in lists]
    return asker.ask("lists", lists_answer(keys), values, {}, max_tokens=60 + 40 * len(lists))


def ask_find(
    asker: Asker, article: Article, speaker: str | None, stated: int | None
) -> Answer[FoundProposals]:
    values = {
        "headline": _plain(article.headline or ""),
        "speaker": speaker,
        "sentences": numbered(article.sentences),
        "stated": stated,
    }
    context = {"sentence_ids": [s.id for s in article.sentences]}
    return asker.ask("find", FoundProposals, values, context, max_tokens=80)


def ask_wording(
    asker: Asker, article: Article, items: list[Item], spans: list[list[int]], speaker: str | None
) -> Answer[Any]:
    shown = []
    for item, ids in zip(items, spans, strict=False):
        lines = numbered([article.sentence(i) for i in ids[:WORDING_SENTENCES]], WORDING_WORDS)
        shown.append({"heading": _plain(item.heading) if item.heading else None, "text": lines})
    values = {"headline": _plain(article.headline or ""), "speaker": speaker, "items": shown}
    return asker.ask("wording", wording_answer(len(items)), values, {}, max_tokens=40 + 110 * len(items))


def ask_titles(
    asker: Asker, article: Article, items: list[Item], numbers: list[int], speaker: str | None
) -> Answer[Any]:
    """Titles for the proposals (numbered 1..N overall) that have no heading of their own."""
    shown = [
        {
            "number": n,
            "text": _cut(_plain(article.text[items[n - 1].start : items[n - 1].end]), WORDING_WORDS),
        }
        for n in numbers
    ]
    values = {"headline": _plain(article.headline or ""), "speaker": speaker, "items": shown}
    return asker.ask("titles", titles_answer(numbers), values, {}, max_tokens=30 + 30 * len(numbers))


__all__ = ["Asker", "Wording", "ask_find", "ask_lists", "ask_meta", "ask_titles", "ask_wording"]
