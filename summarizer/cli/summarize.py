"""`summarizer summarize`: one article in, one structured summary out."""

from __future__ import annotations

import inspect
import logging
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ConfigError, EndpointError
from ..files import check_file
from ..loader import load_article
from ..prompting import PromptSet
from ..render import Format, render
from ..session import ModelSettings, open_model
from .options import Config, ModelOptions, NoLog, ReadingOptions, configured, takes_options
from .output import emit

if TYPE_CHECKING:
    from ..loader import Article
    from ..schemas import Summary

log = logging.getLogger("summarizer")

EXAMPLES = """
Examples:

  summarizer summarize examples/brics-2024-09-11.txt

  summarizer summarize article.txt --format md --out article.md

  cat article.txt | summarizer summarize - --base-url http://127.0.0.1:8080/v1

  summarizer summarize article.txt --base-url https://api.openai.com/v1 --model gpt-4o-mini

  summarizer summarize article.txt --config openai.toml
  summarizer summarize article.txt --replay-log 12    # run 12 of `summarizer logs`, no model
"""


ArticleSource = Annotated[
    str, typer.Argument(help='Article file (.txt, .md or a saved .html page), or "-" for stdin.')
]
Out = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.", show_default=False)
]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
MaxRetries = Annotated[int, typer.Option(help="Re-asks when an answer fails a check of fact.", min=0)]
ReplayLog = Annotated[
    int | None,
    typer.Option(
        "--replay-log",
        metavar="ID",
        help="Answer from run ID of the run log (`summarizer logs`): no model, the same summary.",
        show_default=False,
    ),
]


@takes_options(ReadingOptions)
@takes_options(ModelOptions)
def summarize(
    article: ArticleSource,
    out: Out = None,
    fmt: Fmt = Format.json,
    *,
    model_options: ModelOptions,
    reading: ReadingOptions,
    max_retries: MaxRetries = 2,
    config: Config = None,
    no_log: NoLog = False,
    replay_log: ReplayLog = None,
) -> None:
    """Summarise one article: speaker, event, numbered proposals and cited initiatives,
    each tied to verbatim evidence (sentence id, text, character offsets).

    JSON goes to stdout (or --out); logs and progress go to stderr.
    """
    # Options first: a bad one is reported before the article is read, and keys are masked.
    file, settings = configured(model_options, config, no_log)
    prompt_set = reading.prompt_set(file)
    by_model = reading.wording_mode(file).by_model
    if out is not None:  # before the model is asked: its answer must have somewhere to go
        check_file(out, None if article == "-" else article)
    loaded = load_article(article, encoding=reading.encoding, max_bytes=reading.max_bytes)
    log.info("%s: %d sentences", article, len(loaded.sentences))
    summary = _summary(loaded, settings, prompt_set, max_retries, by_model, replay_log)
    for warning in summary.warnings:
        log.warning("warning: %s", warning)
    log.info(
        "done in %.1f s: %d proposals, %d initiatives, %d model calls",
        summary.run.seconds, len(summary.proposals), len(summary.initiatives), summary.run.attempts,
    )  # fmt: skip
    emit(render(summary, fmt, loaded.text), out, loaded.text)


def _summary(
    loaded: Article,
    settings: ModelSettings,
    prompt_set: PromptSet,
    max_retries: int,
    by_model: bool | None,
    replay_log: int | None,
) -> Summary:
    """The model's summary of the article, or the logged run's when replaying one."""
    with ExitStack() as stack:
        if replay_log is not None:
            settings = _replaying(replay_log, loaded.sha256, Path(stack.enter_context(TemporaryDirectory())))
        client = stack.enter_context(open_model(settings, prompt_set))
        from ..pipeline import summarize_article  # after the model starts loading: it imports openai

        try:
            return summarize_article(loaded, client, prompt_set, max_retries, by_model).summary
        except EndpointError:
            if replay_log is None:
                raise
            # A replay has no server: what failed is a question the logged run never asked.
            raise ConfigError(
                f"run {replay_log} of the run log holds no answer for a question of this run "
                "(the options, such as --wording, or the prompts differ from that run's)"
            ) from None


def _replaying(run_id: int, article_sha256: str, directory: Path) -> ModelSettings:
    """Settings that answer from a logged run, written out as a recording in `directory`."""
    from ..runlog.replay import export_run
    from ..runlog.store import read_log

    store = read_log()
    try:
        export_run(store.run(run_id), directory, article_sha256)
    finally:
        store.close()
    return ModelSettings(replay=directory)


# cleandoc first: the examples start at column 0, so help would keep the docstring's indent.
summarize.__doc__ = inspect.cleandoc(summarize.__doc__ or "") + "\n" + EXAMPLES
