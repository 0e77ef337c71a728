"""The library API: `summarize()` one article, as the CLI does.

from summarizer import summarize
summary = summarize("examples/brics-2024-09-11.txt")
print(summary.speaker.name, [p.title for p in summary.proposals])
"""

from __future__ import annotations

from pathlib import Path

from .loader import DEFAULT_MAX_BYTES, load_article, parse_article
from .pipeline import summarize_article
from .prompting import PromptSet
from .schemas import Summary
from .session import ModelSettings, open_model


def summarize(
    source: str | Path | None = None,
    *,
    text: str | None = None,
    settings: ModelSettings | None = None,
    prompts: Path | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Summary:
    """Summarise an article file (or `text`) on the configured model, embedded by default."""
    if text is not None:
        article = parse_article(text, str(source or "<text>"))
    elif source is not None:
        article = load_article(source, encoding=encoding, max_bytes=max_bytes)
    else:
        raise ValueError("give an article path or text=")
    prompt_set = PromptSet(prompts)
    with open_model(settings or ModelSettings(), prompt_set) as client:
        return summarize_article(article, client, prompt_set).summary
