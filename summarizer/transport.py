"""HTTP transports under the OpenAI client: retry with backoff (recording.py records and replays).

They stack: `RecordingTransport(RetryingTransport(deadline.network_transport()))`. Retrying
here, at the HTTP layer, keeps network faults apart from instructor's re-ask loop above it: a 503
is retried without spending a validation attempt, and a re-ask never hides a dead server.
"""

from __future__ import annotations

import json
import logging
import time

import httpx2 as httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from .bounded import ENCODINGS, TooLarge, UnknownEncoding, inflater, read_bounded
from .deadline import until

log = logging.getLogger(__name__)

# Transient: worth another try. A 4xx other than these says the request itself is wrong,
# and the same request will be refused again: it fails at once, without resting.
TRANSIENT_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
# Faults worth another try: the server was not there, went away mid-answer, or took too
# long. Every try of one request shares one deadline, `request_seconds` (--timeout), so
# "did not answer within N s" is the whole truth; `total_seconds` only limits the retrying.
RETRY_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.ReadTimeout,
)
MAX_RETRY_AFTER = 60.0
MAX_ANSWER_BYTES = 32 * 1024 * 1024  # an answer of ours is a few KB; a model list, a few hundred
MIN_TRY_SECONDS = 0.5  # no retry is started with less time than this left


def is_transient(status: int) -> bool:
    return status in TRANSIENT_STATUSES


class EndpointFault(httpx.TransportError):
    """The server answered, but not with something this client can use. Not retried."""


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


def _own_timeout(request: httpx.Request) -> float | None:
    """The read timeout a caller put on this one request (`client.get(..., timeout=5)`)."""
    timeout = request.extensions.get("timeout") or {}
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value else None


def _check_completion(request: httpx.Request, response: httpx.Response) -> None:
    """A 2xx to a chat request must be a chat completion whose message has content (every
    backend profile asks for JSON in the content): an HTML page, an empty body (HTTP 204) or
    a bare tool call is the server's fault, not an answer the model got wrong."""
    status = response.status_code
    if not 200 <= status < 300 or not request.url.path.endswith("/chat/completions"):
        return
    if not response.content.strip():
        raise EndpointFault(
            f"answered HTTP {status} with an empty body, not a chat completion", request=request
        )
    try:
        data = json.loads(response.content)
    except RecursionError:  # reached, and answered: not "cannot reach the model server"
        raise EndpointFault(
            f"answered HTTP {status} with JSON nested too deep to read: {_preview(response.content)}",
            request=request,
        ) from None
    except ValueError:
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise EndpointFault(
            f"answered HTTP {status} with something that is not JSON ({kind}: {_preview(response.content)})",
            request=request,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
        raise EndpointFault(
            f"answered HTTP {status} with JSON that is not a chat completion (no 'choices'): "
            f"{_preview(response.content)}",
            request=request,
        )
    message = data["choices"][0].get("message") if isinstance(data["choices"][0], dict) else None
    if not isinstance(message, dict):
        raise EndpointFault(
            f"answered HTTP {status} with a choice that has no message: {_preview(response.content)}",
            request=request,
        )
    content = message.get("content")
    if message.get("tool_calls") and not content:
        call = json.dumps(message["tool_calls"])
        raise EndpointFault(
            f"answered HTTP {status} with a tool call and no content, where the JSON answer was asked "
            f"for in the content: {_preview(call.encode())}",
            request=request,
        )
    if message.get("refusal") and not content:
        refusal = str(message["refusal"])
        raise EndpointFault(f"refused to answer: {_preview(refusal.encode())}", request=request)
    if not isinstance(content, str) or not content.strip():
        raise EndpointFault(
            f"answered HTTP {status} with an empty message (content {_preview(json.dumps(content).encode())}), "
            "not a JSON answer",
            request=request,
        )


def _preview(content: bytes) -> str:
    return repr(" ".join(content[:120].decode("utf-8", "replace").split()))


class RetryingTransport(httpx.BaseTransport):
    """Retry connection faults, 408/409/429 and 5xx with backoff, within one deadline.

    The deadline covers one request from the first try to the last byte of the answer,
    kept by every socket operation under it (`deadline.until`, with the network transport of
    `deadline.network_transport`), so a server that hangs or drips its headers or its body a
    byte at a time cannot hold it longer; answers are read through the bounded reader,
    inflated there, and cut at `max_bytes`.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        total_seconds: float = 120.0,
        request_seconds: float = 600.0,
        max_attempts: int = 6,
        initial_wait: float = 1.0,
        max_bytes: int = MAX_ANSWER_BYTES,
        quiet: bool = False,
    ) -> None:
        self.inner = inner
        self.quiet = quiet  # retries logged at debug level only (doctor reports its own checks)
        self.total_seconds = total_seconds
        self.request_seconds = request_seconds
        self.max_attempts = max_attempts
        self.max_bytes = max_bytes
        self.backoff = wait_exponential_jitter(initial=initial_wait, max=20.0)

    def _wait(self, state: RetryCallState, deadline: float) -> float:
        error = state.outcome.exception() if state.outcome else None
        wait = float(self.backoff(state))
        if isinstance(error, _RetryableStatus) and (after := _retry_after(error.response)) is not None:
            wait = after
        return max(0.0, min(wait, deadline - time.monotonic() - MIN_TRY_SECONDS))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        bound = min(self.request_seconds, _own_timeout(request) or self.request_seconds)
        deadline = time.monotonic() + bound
        # A request may carry its own retry window: the first contact with a server gives
        # up sooner than a question in the middle of a batch, and its retries stay quiet.
        window = float(request.extensions.get("retry_seconds", self.total_seconds))
        level = logging.DEBUG if self.quiet or "retry_seconds" in request.extensions else logging.WARNING
        request.headers["Accept-Encoding"] = ENCODINGS  # only what the bounded reader inflates
        retrying = Retrying(
            stop=stop_after_delay(window)
            | stop_after_attempt(self.max_attempts)
            | (lambda state: time.monotonic() > deadline - MIN_TRY_SECONDS),
            wait=lambda state: self._wait(state, deadline),
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
                    response = self._send_once(request, deadline)
                    if is_transient(response.status_code):
                        raise _RetryableStatus(response)
                    _check_completion(request, response)
                    return response
        except _RetryableStatus as exhausted:
            return exhausted.response
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _send_once(self, request: httpx.Request, deadline: float) -> httpx.Response:
        left = max(0.01, deadline - time.monotonic())
        timeouts = dict(request.extensions.get("timeout") or {})
        request.extensions["timeout"] = {
            name: min(float(timeouts.get(name) or left), left)
            for name in ("connect", "read", "write", "pool")
        }
        # The headers and the body are read under the deadline, socket operation by socket
        # operation (deadline.py): a read timeout alone restarts with every byte that arrives.
        with until(deadline):
            response = self.inner.handle_request(request)
            try:
                content = read_bounded(
                    response.stream, self.max_bytes, inflater(response.headers.get("content-encoding"))
                )
            except TooLarge as error:
                raise EndpointFault(f"sent an answer {error}", request=request) from None
            except UnknownEncoding as error:
                raise EndpointFault(f"sent an answer that cannot be read: {error}", request=request) from None
            finally:
                response.close()
        headers = httpx.Headers(response.headers)
        for name in ("content-encoding", "content-length", "transfer-encoding"):
            headers.pop(name, None)  # the content below is already inflated and whole
        return httpx.Response(
            status_code=response.status_code,
            headers=headers,
            content=content,
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.inner.close()
