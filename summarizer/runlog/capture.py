"""See a run's model exchanges as they happen, for the run log.

One place sees every exchange: `LoggingTransport`, under the OpenAI client and above the
HTTP retries, so each request it passes is one attempt at one question, exactly as sent,
with the answer exactly as received. What the transport cannot know comes from above it
through this thread's `LoggedRun`: the article and model (`logged_run`, around one
article's questions) and, from `ModelClient.ask`, which question it is and the validation
error an answer failed. A batch runs articles in threads: each thread has its own run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx2 as httpx

from ..recording import exchange_key

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..llm import ModelClient
    from ..loader import Article

MAX_ERROR_CHARS = 4000
_RUN: ContextVar[LoggedRun | None] = ContextVar("summarizer_logged_run", default=None)


@dataclass
class Exchange:
    """One request to the model and its answer (or the fault that stopped it)."""

    key: str  # the recording key (transport.exchange_key): how a replay finds this answer
    method: str
    path: str
    request: Any
    status: int | None
    content_type: str
    body: str
    seconds: float
    question: str = ""
    attempt: int = 1
    error: str | None = None

    @property
    def answer(self) -> str | None:
        """The message the model wrote (a tool call's arguments for tool-calling servers)."""
        message = (_choices(self.body) or [{}])[0].get("message") or {}
        if message.get("content"):
            return str(message["content"])
        calls = message.get("tool_calls") or [{}]
        return (calls[0].get("function") or {}).get("arguments")

    @property
    def tokens(self) -> tuple[int, int]:
        usage = (_json(self.body) or {}).get("usage") or {}
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


def _json(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _choices(body: str) -> list[dict[str, Any]]:
    choices = (_json(body) or {}).get("choices")
    return [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []


@dataclass
class LoggedRun:
    """One article's run: what it was asked of, and every exchange, in order."""

    article_sha256: str
    source: str
    model: str
    endpoint: str
    backend: str
    prompt_sha256: str
    parameters: float | None
    context: int
    started: float = field(default_factory=time.time)
    seconds: float = 0.0
    exchanges: list[Exchange] = field(default_factory=list)
    summary: str | None = None
    error: str | None = None
    _question: str = ""
    _attempt: int = 0

    def ask(self, question: str) -> None:
        """A new question begins: its requests are attempts 1, 2, ... (re-asks)."""
        self._question, self._attempt = question, 0

    def add(self, exchange: Exchange) -> None:
        self._attempt += 1
        exchange.question, exchange.attempt = self._question, self._attempt
        self.exchanges.append(exchange)

    def rejected(self, error: BaseException, **meta: Any) -> None:
        """instructor's parse-error hook: the last answer failed validation with `error`."""
        if self.exchanges:
            self.exchanges[-1].error = str(error)[:MAX_ERROR_CHARS]

    def finish(self, summary: BaseModel) -> None:
        self.summary = summary.model_dump_json()


def current_run() -> LoggedRun | None:
    return _RUN.get()


@contextmanager
def logged_run(client: ModelClient, article: Article, prompt_sha256: str) -> Iterator[LoggedRun]:
    """Around one article's questions: its exchanges go to the client's run log, if it has one."""
    run = LoggedRun(
        article_sha256=article.sha256,
        source=article.source,
        model=client.model,
        endpoint=client.endpoint.base_url,
        backend=client.profile.name,
        prompt_sha256=prompt_sha256,
        parameters=client.parameters,
        context=client.context,
    )
    store = client.run_log
    if store is None:
        yield run
        return
    token = _RUN.set(run)
    started = time.monotonic()
    try:
        yield run
    except BaseException as error:  # a failed run is logged too: that is when one reads it
        run.error = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
        raise
    finally:
        _RUN.reset(token)
        run.seconds = round(time.monotonic() - started, 3)
        store.write(run)  # never raises


class LoggingTransport(httpx.BaseTransport):
    """Hand every chat request made inside a logged run, and its answer, to that run."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        run = _RUN.get()
        if run is None or not request.url.path.endswith("/chat/completions"):
            return self.inner.handle_request(request)
        started = time.monotonic()
        try:
            response = self.inner.handle_request(request)
            content = response.read()
        except Exception as error:  # a timeout or a dead server: logged, then raised as before
            run.add(_exchange(request, None, "", "", started, f"{type(error).__name__}: {error}"))
            raise
        kind = response.headers.get("content-type", "application/json")
        text = content.decode("utf-8", "replace")
        run.add(_exchange(request, response.status_code, kind, text, started))
        return response

    def close(self) -> None:
        self.inner.close()


def _exchange(
    request: httpx.Request, status: int | None, kind: str, body: str, started: float, error: str | None = None
) -> Exchange:
    try:
        sent: Any = json.loads(request.content) if request.content else None
    except ValueError:
        sent = request.content.decode("utf-8", "replace")
    return Exchange(
        key=exchange_key(request),
        method=request.method,
        path=request.url.path,
        request=sent,
        status=status,
        content_type=kind,
        body=body,
        seconds=round(time.monotonic() - started, 3),
        error=error,
    )
