"""`summarizer summarize`: one article in, one structured summary out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from ..files import check_file
from ..loader import DEFAULT_MAX_BYTES, load_article
from ..modes import WordingMode
from ..prompting import PromptSet
from ..render import Format, render
from ..session import DEFAULT_TIMEOUT, open_model
from .options import ApiKey, Backend, BaseUrl, Model, ModelPath, Timeout, model_settings
from .output import emit

log = logging.getLogger("summarizer")

EXAMPLES = """
Examples:

  summarizer summarize examples/brics-2024-09-11.txt

  summarizer summarize article.txt --format md --out article.md

  cat article.txt | summarizer summarize - --base-url http://127.0.0.1:8080/v1

  summarizer summarize article.txt --base-url https://api.openai.com/v1 --model gpt-4o-mini
"""


def summarize(
    article: Annotated[
        str, typer.Argument(help='Article file (.txt, .md or a saved .html page), or "-" for stdin.')
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    backend: Backend = None,
    model_path: ModelPath = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    encoding: Annotated[
        str | None,
        typer.Option(help="Decode the article with this encoding (default UTF-8).", show_default=False),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse articles larger than this.")] = DEFAULT_MAX_BYTES,
    max_retries: Annotated[
        int, typer.Option(help="Re-asks when an answer fails a check of fact.", min=0)
    ] = 2,
    prompts: Annotated[
        Path | None, typer.Option(help="Use the templates in this directory instead of the built-in ones.")
    ] = None,
    wording: Annotated[
        WordingMode,
        typer.Option(
            help="Who writes summaries and key points: the model, or cut from the evidence (extract)."
        ),
    ] = WordingMode.auto,
) -> None:
    """Summarise one article: speaker, event, numbered proposals and cited initiatives,
    each tied to verbatim evidence (sentence id, text, character offsets).

    JSON goes to stdout (or --out); logs and progress go to stderr.
    """
    # Options first: a bad one is reported before the article is read, and keys are masked.
    settings = model_settings(base_url, model, api_key, backend, model_path, timeout).with_environment()
    prompt_set = PromptSet(prompts)
    if out is not None:
        check_file(out)  # before the model is asked: its answer must have somewhere to go
    loaded = load_article(article, encoding=encoding, max_bytes=max_bytes)
    log.info("%s: %d sentences", article, len(loaded.sentences))
    with open_model(settings, prompt_set) as client:
        from ..pipeline import summarize_article  # after the model starts loading: it imports openai

        outcome = summarize_article(loaded, client, prompt_set, max_retries, wording.by_model)
    summary = outcome.summary
    for warning in summary.warnings:
        log.warning("warning: %s", warning)
    log.info(
        "done in %.1f s: %d proposals, %d initiatives, %d model calls",
        summary.run.seconds, len(summary.proposals), len(summary.initiatives), summary.run.attempts,
    )  # fmt: skip
    emit(render(summary, fmt, loaded.text), out, loaded.text)


summarize.__doc__ = (summarize.__doc__ or "") + EXAMPLES
