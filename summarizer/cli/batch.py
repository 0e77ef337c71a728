"""`summarizer batch`: many articles, cached, in parallel, over one or more endpoints."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..embedded import MODEL_NAME, cache_dir, default_model_path, model_identity
from ..endpoint import check_base_url
from ..errors import ConfigError, SummarizerError
from ..loader import DEFAULT_MAX_BYTES
from ..modes import WordingMode
from ..prompting import PromptSet
from ..redact import one_line, register_endpoint
from ..render import Format
from ..session import ModelSettings, open_models
from .options import Config, ModelOptions, NoLog, configured, takes_options

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.console import Console
    from rich.progress import Progress

    from ..batch.cache import OnCorrupt, ResultCache
    from ..batch.ray_pool import RayOptions
    from ..batch.runner import Batch

log = logging.getLogger("summarizer")

LOCAL_RAY = "local"  # `--ray` alone
RAY_PANEL = "Ray (many machines)"

# In a batch an endpoint fault moves the article to another endpoint: give up on one fast.
BATCH_RETRY_SECONDS = 10.0


class BatchFailed(SummarizerError):
    exit_code = 1


def _ray_option(help: str, *flag: str, **more: Any) -> Any:
    return typer.Option(*flag, help=help, rich_help_panel=RAY_PANEL, show_default=False, **more)


def results_cache(on_corrupt: OnCorrupt | None = None) -> ResultCache:
    from ..batch.cache import OnCorrupt, ResultCache

    return ResultCache(cache_dir() / "results.sqlite3", on_corrupt or OnCorrupt.SET_ASIDE)


@takes_options(ModelOptions, omit=["base_url"])  # its own --base-url: a pool of endpoints
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Article files, directories or globs.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="A directory (one file per article) or FILE.jsonl.")
    ],
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", help="Articles in flight at once.", min=1)
    ] = 1,
    base_url: Annotated[
        list[str] | None,
        typer.Option(
            "--base-url",
            help="An OpenAI-compatible endpoint; give it several times to spread the work "
            "[env: SUMMARIZER_BASE_URL]. Default: the embedded model.",
            show_default=False,
        ),
    ] = None,
    *,
    model_options: ModelOptions,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Also write this format beside the JSON.")
    ] = Format.json,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Summarise again even what is cached.")
    ] = False,
    wording: Annotated[
        WordingMode | None,
        typer.Option(help="Who writes summaries: auto (the default), model, extract.", show_default=False),
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Decode articles with this encoding.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse articles larger than this.")] = DEFAULT_MAX_BYTES,
    prompts: Annotated[Path | None, typer.Option(help="Use these prompt templates.")] = None,
    config: Config = None,
    no_log: NoLog = False,
    ray: Annotated[
        str | None,
        _ray_option(
            "Run on Ray actors: alone (or 'local'), a local Ray runtime; with a cluster's address "
            "(auto, HOST:6379, ray://HOST:10001), that cluster. Needs pip install 'summarizer\\[ray]'.",
            "--ray",
            metavar="[ADDRESS]",
        ),
    ] = None,
    actors: Annotated[
        int | None,
        _ray_option("With --ray: model replicas (actors), one article each at a time. Default: 1."),
    ] = None,
    cpus_per_actor: Annotated[
        int | None,
        _ray_option(
            "With --ray: CPUs Ray reserves for each actor, and the embedded model's threads. "
            "Default: 1 reserved, the model on all cores (right for one replica per machine)."
        ),
    ] = None,
) -> None:
    """Summarise many articles; rerunning skips what is done, a killed batch resumes.

    Each result is written atomically as it finishes; a failed article gets an error
    record (NAME.error.json, or a JSONL line with "ok": false) and the batch goes on. The
    exit code is non-zero if any article failed.

    Examples:

      summarizer batch evals/articles --out out/

      summarizer batch 'news/*.txt' --out results.jsonl -j 2

      summarizer batch news/ --out out/ --base-url http://10.0.0.5:8080/v1 --base-url http://10.0.0.6:8080/v1 -j 4

      summarizer batch news/ --out out/ --actors 2 --ray

      summarizer batch archive/ --out out.jsonl --actors 16 --cpus-per-actor 4 --ray auto
    """
    # Imported here, not at the top: `summarizer summarize` starts its model sooner without them.
    from rich.console import Console

    from ..batch.inputs import expand_inputs
    from ..batch.runner import Batch, BatchOptions, Identity
    from ..batch.sinks import make_sink

    ray_options = _ray_options(ray, actors, cpus_per_actor, concurrency)
    paths = expand_inputs(inputs, out)
    file, settings = configured(model_options, config, no_log)
    wording = wording or file.wording or WordingMode.auto
    urls = list(base_url or ([settings.base_url] if settings.base_url else []))
    for url in urls:  # refused, and its password masked, before any article is read
        register_endpoint(url, settings.api_key)
        check_base_url(url)
    prompt_set = PromptSet(prompts or file.prompts)
    sink = make_sink(out, fmt)  # checks it can write before any model call is spent
    sink.check(paths)  # and that it replaces no file of the user's, nor writes through a link
    settings = replace(settings, base_url=None, slots=max(1, concurrency), retry_seconds=BATCH_RETRY_SECONDS)
    identity = Identity(
        _model_identity(settings, urls), ",".join(sorted(urls)) or "embedded", prompt_set, wording
    )
    cache = _open_cache(no_cache)
    console = Console(stderr=True)
    options = BatchOptions(concurrency, encoding=encoding, max_bytes=max_bytes, reuse_cache=not no_cache)
    with _progress(console) as (progress, finished):
        if ray_options is None:
            work = Batch(sink, cache, identity, options, finished)
        else:
            work = _ray_batch(
                ray_options, settings, urls, prompts, wording, sink, cache, identity, options, finished
            )
        progress.update(progress.task_ids[0], total=len(paths))
        try:
            report = work.run(paths, lambda: open_models(settings, urls, prompt_set))
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: say what is done, and that a rerun resumes
            left = len(paths) - (work.report.done + work.report.cached + work.report.failed)
            print(f"summarizer: stopped with {left} not done; {work.report.line}", file=sys.stderr)
            raise
    sink.finish()  # the batch index, over this run's results and earlier ones
    print(f"summarizer: {report.line}", file=sys.stderr)
    if report.failed:
        for source, error in sorted(report.failures.items()):
            print(f"summarizer: failed: {one_line(f'{source}: {error}')}", file=sys.stderr)
        raise BatchFailed(f"{report.failed} of {len(paths)} articles failed")


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


def _ray_options(
    address: str | None, actors: int | None, cpus: int | None, concurrency: int
) -> RayOptions | None:
    """Checked before any article is read, Ray too (not installed: the error says how to)."""
    if address is None:
        if actors is not None or cpus is not None:  # else silently a local batch, not what was asked
            raise ConfigError("--actors and --cpus-per-actor need --ray")
        return None
    register_endpoint(address, None)  # "ray://alice:secret@host:10001": the password is masked
    if address != LOCAL_RAY and Path(address).exists():
        raise ConfigError(f"--ray took {address} for a cluster address: put --ray after the inputs")
    from ..batch.ray_pool import RayOptions, import_ray

    import_ray(address)  # not installed: one line that says how to install it, now
    if concurrency != 1:
        raise ConfigError("with --ray, give --actors N (one article in flight per actor), not -j")
    actors = 1 if actors is None else actors
    if actors < 1 or (cpus is not None and cpus < 1):
        raise ConfigError("--actors and --cpus-per-actor must be at least 1")
    return RayOptions(None if address == LOCAL_RAY else address, actors, cpus or 1, model_threads=cpus)


def _ray_batch(ray_options: RayOptions, settings: ModelSettings, urls: list[str], prompts: Path | None,
               wording: WordingMode, *batch: Any) -> Batch:  # fmt: skip
    from ..batch.ray_actor import ReplicaSpec
    from ..batch.ray_pool import RayBatch

    sink, cache, identity, options, finished = batch
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
