"""The excerpt of an article that every question shares, and its windows.

The excerpt holds what the questions need and no more (prompt tokens are the main cost
on a small CPU): the opening sentences, each candidate list with its introduction, and
every sentence that puts something forward; with no list, the whole article. An excerpt
longer than the model's context is cut into overlapping windows of sentences.
"""

from __future__ import annotations

from ..cues.chains import puts_forward
from ..cues.ordinals import CandidateList
from ..loader import Article

# A rough count: English news runs about 4 characters a token; 3.5 leaves a margin.
CHARS_PER_TOKEN = 3.5
# The system prompt, a question, its answer and a margin: what a window must leave free.
RESERVED_TOKENS = 1800
META_SENTENCES = 5
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
    # Unnumbered proposals are asked about when no list holds them: they must be in view.
    chosen.update(s.id for s in article.sentences if puts_forward(s.text))
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
        text = " ".join(article.sentence(sentence_id).text.split())  # hard line breaks
        lines.append(f"[S{sentence_id}] {cut(plain(text), EXCERPT_WORDS)}")
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
