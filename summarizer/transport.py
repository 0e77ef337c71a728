"""HTTP transports under the OpenAI client: retry with backoff, record, replay.

They stack: `RecordingTransport(RetryingTransport(HTTPTransport()))`. Retrying here, at
the HTTP layer, keeps network faults apart from instructor's re-ask loop above it: a 503
is retried without spending a validation attempt, and a re-ask never hides a dead server.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from .files import write_atomic

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
# Faults worth another try: the server was not there, went away mid-answer, or took
# too long. Retries stop at the total time bound, so a 600 s timeout is not tried twice
# under the default 120 s bound, while a 30 s one against a hosted API is.
RETRY_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.ReadTimeout,
)
MAX_RETRY_AFTER = 60.0


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER))
    except ValueError:
        return None  # an HTTP date: fall back to exponential backoff


class RetryingTransport(httpx.BaseTransport):
    """Retry connection faults, 429 and 5xx with backoff, within a total time bound.

    `request_seconds` bounds one answer from first byte to last, so a server that drips
    a byte a second cannot hold a request forever; `total_seconds` bounds all the tries.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        total_seconds: float = 120.0,
        request_seconds: float = 600.0,
        max_attempts: int = 6,
        initial_wait: float = 1.0,
    ) -> None:
        self.inner = inner
        self.total_seconds = total_seconds
        self.request_seconds = request_seconds
        self.max_attempts = max_attempts
        self.backoff = wait_exponential_jitter(initial=initial_wait, max=20.0)

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and (after := _retry_after(error.response)) is not None:
            return after
        return float(self.backoff(state))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # A request may carry its own bound: the first contact with a server gives up
        # sooner than a question in the middle of a batch.
        bound = float(request.extensions.get("retry_seconds", self.total_seconds))
        # Retries of that first contact stay quiet: it ends in one line either way.
        level = logging.DEBUG if "retry_seconds" in request.extensions else logging.WARNING
        retrying = Retrying(
            stop=stop_after_delay(bound) | stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type((_RetryableStatus, *RETRY_ERRORS)),
            before_sleep=lambda state: log.log(
                level,
                "%s %s: %s; retrying (attempt %d)",
                request.method,
                request.url.path,
                state.outcome.exception() if state.outcome else "?",
                state.attempt_number + 1,
            ),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    response = self._send_once(request)
                    if response.status_code in RETRY_STATUSES:
                        raise _RetryableStatus(response)
                    return response
        except _RetryableStatus as exhausted:
            return exhausted.response
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _send_once(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self.request_seconds
        response = self.inner.handle_request(request)
        chunks = []
        try:
            for chunk in response.stream:
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(
                        f"the answer took longer than {self.request_seconds:g} s", request=request
                    )
        finally:
            response.close()
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            content=b"".join(chunks),
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.inner.close()


def exchange_key(request: httpx.Request) -> str:
    """Same request, same key: the method, the path and the canonical JSON body."""
    body: Any = None
    if request.content:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = request.content.decode("utf-8", "replace")
    canonical = json.dumps([request.method, request.url.path, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


class RecordingTransport(httpx.BaseTransport):
    """Store every exchange (request body and answer, never headers) under `directory`."""

    def __init__(self, inner: httpx.BaseTransport, directory: Path) -> None:
        self.inner = inner
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        content = response.read()
        record = {
            "method": request.method,
            "path": request.url.path,
            "request": json.loads(request.content) if request.content else None,
            "status": response.status_code,
            "content_type": response.headers.get("content-type", "application/json"),
            "body": content.decode("utf-8", "replace"),
        }
        write_atomic(
            self.directory / f"{exchange_key(request)}.json", json.dumps(record, indent=1, ensure_ascii=False)
        )
        return httpx.Response(
            status_code=response.status_code,
            headers={"content-type": record["content_type"]},
            content=content,
            request=request,
        )

    def close(self) -> None:
        self.inner.close()


class ReplayMissing(httpx.TransportError):
    pass


class ReplayTransport(httpx.BaseTransport):
    """Answer from recorded exchanges only: no model, no network."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = self.directory / f"{exchange_key(request)}.json"
        if not path.exists():
            raise ReplayMissing(
                f"no recorded answer for this request in {self.directory} "
                "(the prompt, schema or article changed since it was recorded)",
                request=request,
            )
        record = json.loads(path.read_text(encoding="utf-8"))
        return httpx.Response(
            status_code=record["status"],
            headers={"content-type": record["content_type"]},
            content=record["body"].encode("utf-8"),
            request=request,
        )
