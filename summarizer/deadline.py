"""One wall-clock deadline per HTTP request, kept by every socket read and write under it.

httpcore gives each read of a socket the whole read timeout, so a server that sends its
headers (or its body) a byte every half second is never cut by a 3 s timeout: the request
lasts as long as the server drips. `RetryingTransport` opens a deadline for each request
(`until`); the network backend here gives each connect, read and write of the sockets below
only the time left, and past the deadline raises the timeout it would raise anyway. httpcore
then closes the connection, so no thread or socket is left waiting on the server.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore2
import httpx2 as httpx

# Per thread (each batch worker asks in its own): the monotonic time its request must end by.
_DEADLINE: ContextVar[float | None] = ContextVar("summarizer_request_deadline", default=None)
# Writes go out in pieces this large, each with the time left: a server that reads the
# request slowly cannot stretch one write past the deadline either.
WRITE_PIECE = 16 * 1024


@contextmanager
def until(deadline: float) -> Iterator[None]:
    """Every socket operation of this thread, until the block ends, ends by `deadline`."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the request's time ran out")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        while view:
            self._inner.write(bytes(view[:WRITE_PIECE]), _left(timeout, httpcore2.WriteTimeout))
            view = view[WRITE_PIECE:]

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.NetworkStream:
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def network_transport() -> httpx.HTTPTransport:
    """httpx's own transport to the network, its sockets kept to the current deadline."""
    transport = httpx.HTTPTransport()
    # httpx takes no network backend; its pool does, and builds each connection with it.
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore2.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx2's connection pool has changed: the request deadline cannot be kept")
    pool._network_backend = _Backend(pool._network_backend)
    return transport
