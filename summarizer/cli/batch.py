"""`summarizer batch`: many articles, cached, in parallel, over one or more endpoints."""

from __future__ import annotations

import inspect
import logging
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..embedded import MODEL_NAME, cache_dir, default_model_path, model_identity
from ..endpoint import check_base_url
from ..errors import SummarizerError
from ..modes import WordingMode
from ..redact import one_line, register_endpoint
from ..render import Format
from ..session import ModelSettings, open_models
from .options import Config, ModelOptions, NoLog, ReadingOptions, configured, takes_options
from .ray_flags import RayFlags

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.console import Console
    from rich.progress import Progress

    from ..batch.cache import OnCorrupt, ResultCache
    from ..batch.ray_pool import RayOptions
    from ..batch.runner import Batch, BatchReport, Finished

log = logging.getLogger("summarizer")

# In a batch an endpoint fault moves the article to another endpoint: give up on one fast.
BATCH_RETRY_SECONDS = 10.0


class BatchFailed(SummarizerError):
    exit_code = 1


def results_cache(on_corrupt: OnCorrupt | None = None) -> ResultCache:
    from ..batch.cache import OnCorrupt, ResultCache

    return ResultCache(cache_dir() / "results.sqlite3", on_corrupt or OnCorrupt.SET_ASIDE)


Inputs = Annotated[list[str], typer.Argument(help="Article files, directories or globs.")]
Out = Annotated[Path, typer.Option("--out", "-o", help="A directory (one file per article) or FILE.jsonl.")]
Concurrency = Annotated[int, typer.Option("--concurrency", "-j", help="Articles in flight at once.", min=1)]
BaseUrls = Annotated[
    list[str] | None,
    typer.Option(
        "--base-url",
        help="An OpenAI-compatible endpoint; give it several times to spread the work "
        "(env: SUMMARIZER_BASE_URL). Default: the embedded model.",
        show_default=False,
    ),
]
PageFormat = Annotated[Format, typer.Option("--format", "-f", help="Also write this format beside the JSON.")]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Summarise again what is cached or already in --out (earlier lines stay)."
    ),
]


@takes_options(RayFlags)
@takes_options(ReadingOptions)
@takes_options(ModelOptions, omit=["base_url"])  # its own --base-url: a pool of endpoints
def batch(
    inputs: Inputs,
    out: Out,
    concurrency: Concurrency = 1,
    base_url: BaseUrls = None,
    *,
    model_options: ModelOptions,
    fmt: PageFormat = Format.json,
    no_cache: NoCache = False,
    reading: ReadingOptions,
    config: Config = None,
    no_log: NoLog = False,
    ray_flags: RayFlags,
) -> None:
    """Summarise many articles; rerunning skips what is done, a killed batch resumes.

    Each result is written atomically as it finishes; a failed article gets an error
    record (NAME.error.json, or a JSONL line with "ok": false) and the batch goes on. The
    exit code is non-zero if any article failed.
    """
    # Imported here, not at the top: `summarizer summarize` starts its model sooner without them.
    from ..batch.inputs import expand_inputs
    from ..batch.runner import BatchOptions, Identity
    from ..batch.sinks import make_sink

    ray_options = ray_flags.options(concurrency)
    paths = expand_inputs(inputs, out)
    file, settings = configured(model_options, config, no_log)
    wording = reading.wording_mode(file)
    urls = list(base_url or ([settings.base_url] if settings.base_url else []))
    for url in urls:  # refused, and its password masked, before any article is read
        register_endpoint(url, settings.api_key)
        check_base_url(url)
    prompts, prompt_set = reading.prompts or file.prompts, reading.prompt_set(file)
    sink = make_sink(out, fmt)  # checks it can write before any model call is spent
    sink.check(paths)  # and that it replaces no file of the user's, nor writes through a link
    settings = replace(settings, base_url=None, slots=max(1, concurrency), retry_seconds=BATCH_RETRY_SECONDS)
    identity = Identity(
        _model_identity(settings, urls), ",".join(sorted(urls)) or "embedded", prompt_set, wording
    )
    cache = _open_cache(no_cache)
    options = BatchOptions(
        concurrency, encoding=reading.encoding, max_bytes=reading.max_bytes, reuse_cache=not no_cache
    )
    parts = (sink, cache, identity, options)
    try:
        report = _run(paths, lambda done: _batch_of(ray_options, settings, urls, prompts, wording, *parts, done),
                      lambda: open_models(settings, urls, prompt_set))  # fmt: skip
    finally:  # the batch index, over this run's results and earlier ones: a stopped batch's too
        sink.finish()
    print(f"summarizer: {report.line}", file=sys.stderr)
    if report.failed:
        for source, error in sorted(report.failures.items()):
            print(f"summarizer: failed: {one_line(f'{source}: {error}')}", file=sys.stderr)
        raise BatchFailed(f"{report.failed} of {len(paths)} articles failed")


def _run(paths: list[Path], make: Callable[[Finished], Batch], connect: Callable[[], Any]) -> BatchReport:
    """The batch under a progress bar; stopped by Ctrl-C or SIGTERM, it says what is not done."""
    from rich.console import Console

    with _progress(Console(stderr=True)) as (progress, finished):
        work = make(finished)
        progress.update(progress.task_ids[0], total=len(paths))
        try:
            return work.run(paths, connect)
        except KeyboardInterrupt:  # a rerun does only the rest: say how much that is
            left = len(paths) - (work.report.done + work.report.cached + work.report.failed)
            print(f"summarizer: stopped with {left} not done; {work.report.line}", file=sys.stderr)
            raise


@contextmanager
def _progress(console: Console) -> Iterator[tuple[Progress, Callable[[Path, str], None]]]:
    """A progress bar on stderr (articles done, rate, time left) and what each article's end
    tells it; off a terminal, one log line per article instead."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as progress:
        task = progress.add_task("summarising", total=None, rate="")

        def finished(path: Path, status: str) -> None:
            progress.advance(task)
            elapsed = progress.tasks[task].elapsed or 0.0
            rate = f"{60 * progress.tasks[task].completed / elapsed:.1f}/min" if elapsed > 0 else ""
            progress.update(task, rate=rate)
            if not console.is_terminal:
                log.info("%s: %s", path.name, status)

        yield progress, finished


def _batch_of(ray_options: RayOptions | None, settings: ModelSettings, urls: list[str], prompts: Path | None,
              wording: WordingMode, *parts: Any) -> Batch:  # fmt: skip
    """A batch in this process, or one whose articles go to Ray actors."""
    from ..batch.runner import Batch

    if ray_options is None:
        return Batch(*parts)
    from ..batch.ray_actor import ReplicaSpec
    from ..batch.ray_pool import RayBatch

    sink, cache, identity, options, finished = parts
    replica = replace(settings, slots=1, threads=ray_options.model_threads)
    spec = ReplicaSpec(replica, urls, prompts, wording, options, identity.model)
    return RayBatch(sink, cache, identity, options, finished, spec=spec, ray_options=ray_options)


def _open_cache(no_cache: bool) -> ResultCache | None:
    """The cache is written even with --no-cache (it holds a result --out cannot take), but a
    cache that cannot be opened stops the batch only if the batch was to read from it."""
    from ..batch.cache import CacheUnusable

    try:
        return results_cache()
    except CacheUnusable as error:
        if not no_cache:
            raise
        log.warning("%s; going on without it", error)
        return None


def _model_identity(settings: ModelSettings, urls: list[str]) -> str:
    """The model a cached result came from, known before any server is started."""
    if urls:
        return settings.model or "served-default"
    return f"{MODEL_NAME}@{model_identity(settings.model_path or default_model_path())}"


EXAMPLES = """
Examples:

  summarizer batch evals/articles --out out/

  summarizer batch 'news/*.txt' --out results.jsonl -j 2

  summarizer batch news/ --out out/ --base-url http://10.0.0.5:8080/v1 --base-url http://10.0.0.6:8080/v1 -j 4

  summarizer batch news/ --out out/ --actors 2 --ray

  summarizer batch archive/ --out out.jsonl --actors 16 --cpus-per-actor 4 --ray auto
"""
# cleandoc first: the examples start at column 0, so help would keep the docstring's indent.
batch.__doc__ = inspect.cleandoc(batch.__doc__ or "") + "\n" + EXAMPLES
