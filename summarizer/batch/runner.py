"""Summarise many articles: N in flight, cached, spread over endpoints, never losing one.

First every article is read and looked up in the cache, so a rerun of a finished batch
answers from the cache without starting a model at all. The rest are summarised on
whichever endpoint has the fewest requests outstanding; an endpoint fault sends the
article to another endpoint (the faulty one rests); a bad article or an answer that
fails its checks is recorded as that article's failure and the batch goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EndpointError, SummarizerError
from ..loader import Article, load_article, source_name
from ..modes import WordingMode
from ..prompting import PromptSet
from .cache import ResultCache, cache_key
from .pool import EndpointPool
from .sinks import Sink

if TYPE_CHECKING:  # a batch answered from the cache never loads the client libraries
    from ..llm import ModelClient
    from ..schemas import Summary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchOptions:
    concurrency: int = 1
    max_retries: int = 2
    encoding: str | None = None
    max_bytes: int = 2_000_000
    reuse_cache: bool = True  # --no-cache: results are still stored, never read back


@dataclass
class BatchReport:
    done: int = 0
    cached: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def line(self) -> str:
        return (
            f"{self.done + self.cached + self.failed} articles: {self.done} summarised, "
            f"{self.cached} from cache, {self.failed} failed, in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class Work:
    path: Path
    article: Article
    key: str


@dataclass(frozen=True)
class Identity:
    """What a result depends on besides the article: model, endpoints, prompts, wording."""

    model: str
    endpoints: str
    prompts: PromptSet
    wording: WordingMode

    def key(self, article: Article) -> str:
        from ..questions import prompt_sha256  # the model client's libraries: only when summarising

        return cache_key(
            article.sha256, prompt_sha256(self.prompts), self.model, self.endpoints, self.wording.value
        )


Finished = Callable[[Path, str], None]


def summarise(
    article: Article, pool: EndpointPool, identity: Identity, options: BatchOptions, name: str
) -> Summary:
    """One article, an endpoint fault retried on another endpoint; raises the article's failure.

    At most 2 x endpoints + 1 tries, each request bounded by --timeout. An endpoint that
    refused the article, or hung on it, is not asked again for it: a pool where every
    endpoint hangs costs endpoints x --timeout per article, not tries x --timeout."""
    from ..pipeline import summarize_article

    tries = 2 * len(pool.members) + 1
    refused: set[str] = set()  # endpoints that answered this article with a fault, or hung
    for attempt in range(1, tries + 1):
        where = None
        try:
            with pool.lease(avoid=frozenset(refused)) as client, client.pinning.pinned():
                where = client.endpoint.base_url
                outcome = summarize_article(
                    article, client, identity.prompts, options.max_retries, identity.wording.by_model
                )
            return outcome.summary
        except EndpointError as error:
            # Refused, answered HTML, or hung: another may serve it, this one will not.
            if (not error.transient or error.timed_out) and where is not None:
                refused.add(where)
                if len(refused) == len(pool.members):  # the same request, refused by every one
                    raise
                log.warning("%s: %s; trying another endpoint", name, error)
                continue
            if not error.transient or attempt == tries:
                raise
            log.warning("%s: %s (try %d of %d)", name, error, attempt, tries)
    raise AssertionError("unreachable: the last try returns or raises")


class Batch:
    def __init__(
        self,
        sink: Sink,
        cache: ResultCache | None,
        identity: Identity,
        options: BatchOptions,
        on_finished: Finished | None = None,
    ) -> None:
        self.sink = sink
        self.cache = cache
        self.identity = identity
        self.options = options
        self.on_finished = on_finished or (lambda path, status: None)
        self.report = BatchReport()
        self._lock = threading.Lock()

    def _record(self, path: Path, status: str, error: str | None = None) -> None:
        with self._lock:
            self._count(path, status, error)
        self.on_finished(path, status)

    def _count(self, path: Path, status: str, error: str | None) -> None:
        if status == "done":
            self.report.done += 1
        elif status == "cached":
            self.report.cached += 1
        else:
            self.report.failed += 1
            self.report.failures[source_name(path)] = error or "?"

    def _fail(self, path: Path, error: SummarizerError | str, kind: str | None = None) -> None:
        try:
            self.sink.fail(path, str(error), kind or type(error).__name__)
        except OSError as unwritable:  # the failure still reaches the report and stderr
            log.warning("%s: cannot write its error record: %s", path.name, unwritable.strerror or unwritable)
        self._record(path, "failed", str(error))

    def _deliver(self, path: Path, summary: Summary, text: str, kept: bool, status: str) -> None:
        """Write a finished result; one the output cannot take is kept, and the error says where."""
        try:
            self.sink.write(path, summary, text)
        except OSError as error:
            if kept and self.cache is not None:
                where = f"it is kept in the result cache {self.cache.path}: rerun to write it"
            else:  # no cache to hold it: stdout is the last place a result can go
                print(summary.model_dump_json(), flush=True)
                where = "it was printed to stdout instead"
            self._fail(path, f"cannot write the result: {error.strerror or error}; {where}", "OutputError")
            return
        self._record(path, status)

    def plan(self, paths: list[Path]) -> Iterator[Work]:
        """Read each article and answer it from the cache if it can; yield the rest."""
        for path in paths:
            try:
                article = load_article(path, encoding=self.options.encoding, max_bytes=self.options.max_bytes)
            except SummarizerError as error:
                self._fail(path, error)
                continue
            # Its result already in --out (NAME.json, or an ok JSONL line for this source and
            # text) is done, whatever endpoint made it: a rerun on another one appends no second
            # line. --no-cache is the way to redo it.
            if self.options.reuse_cache and self.sink.has(path, article.sha256):
                self._record(path, "cached")
                continue
            key = self.identity.key(article)
            reuse = self.cache is not None and self.options.reuse_cache
            cached = self.cache.get(key, article.text, article.sha256) if reuse else None
            if cached is not None:
                cached.article.source = source_name(path)  # the same text may be cached from another file
                self._deliver(path, cached, article.text, kept=True, status="cached")
                continue
            yield Work(path, article, key)

    def _summarise(self, work: Work, pool: EndpointPool) -> None:
        try:
            summary = summarise(work.article, pool, self.identity, self.options, work.path.name)
        except SummarizerError as error:
            self._fail(work.path, error)
            return
        self.finish(work, summary)

    def finish(self, work: Work, summary: Summary) -> None:
        """A summary made here or elsewhere (a Ray actor): cached, then written by the sink."""
        summary.article.source = source_name(work.path)
        kept = self.cache is not None and self.cache.put(work.key, summary, work.article.text)
        self._deliver(work.path, summary, work.article.text, kept=kept, status="done")

    def run(
        self, paths: list[Path], connect: Callable[[], AbstractContextManager[list[ModelClient]]]
    ) -> BatchReport:
        started = time.monotonic()
        try:
            pending = list(self.plan(paths))
            if pending:
                try:
                    self._run_pending(pending, connect)
                except SummarizerError as error:  # no endpoint could be reached at all
                    for work in pending:
                        if source_name(work.path) not in self.report.failures:
                            self._fail(work.path, error)
        finally:  # an interrupted batch reports what it did too
            self.report.seconds = time.monotonic() - started
        return self.report

    def _run_pending(
        self, pending: list[Work], connect: Callable[[], AbstractContextManager[list[ModelClient]]]
    ) -> None:
        with connect() as clients:
            pool = EndpointPool(clients)
            with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as executor:
                futures = {executor.submit(self._summarise, work, pool): work for work in pending}
                try:
                    self._collect(futures)
                except KeyboardInterrupt:  # Ctrl-C or SIGTERM: start nothing new, finish what runs
                    executor.shutdown(wait=False, cancel_futures=True)
                    raise

    def _collect(self, futures: dict[Future[None], Work]) -> None:
        for future in as_completed(futures):
            try:
                future.result()
            except Exception as bug:  # one article's surprise must not sink the batch
                self._fail(
                    futures[future].path, f"internal error: {type(bug).__name__}: {bug}", "InternalError"
                )
