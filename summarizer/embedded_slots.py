"""Send every question of one article to the same slot of the embedded server.

Questions about an article share its excerpt as a prompt prefix. llama.cpp gives a request
any idle slot, so with two articles in flight a question often lands on the slot holding
the other article and reads its whole excerpt again (~9 s here). Only for a server we
started, whose slots we know (`EmbeddedServer.pinning`); others choose for themselves.

A batch holds a slot for each article (`with client.pinning.pinned():`); `SlotTransport`,
in that client's transport stack, writes the slot into each chat request made meanwhile.
The model client itself knows nothing of slots.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpx2 as httpx

# The pinning and slot that hold this thread's article, if any.
_PINNED: ContextVar[tuple[SlotPinning, int] | None] = ContextVar("summarizer_slot", default=None)


class SlotPinning:
    """The free slots of one server, lent one to an article for as long as it is worked on."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._free = list(range(slots))
        self._lock = threading.Lock()

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """A slot for the article worked on in this block (none when every one is taken:
        the server then picks, as it does for a server with one slot)."""
        if self.slots < 2:
            yield
            return
        with self._lock:
            slot = self._free.pop(0) if self._free else None
        token = _PINNED.set((self, slot) if slot is not None else None)
        try:
            yield
        finally:
            _PINNED.reset(token)
            if slot is not None:
                with self._lock:
                    self._free.append(slot)

    def current(self) -> int | None:
        """The slot this thread's article holds on this server."""
        pinned = _PINNED.get()
        return pinned[1] if pinned is not None and pinned[0] is self else None

    def transport(self, inner: httpx.BaseTransport) -> httpx.BaseTransport:
        """`inner`, with each chat request sent to the pinned slot: none with one slot."""
        return SlotTransport(inner, self) if self.slots >= 2 else inner


NO_PINNING = SlotPinning(1)  # a server that picks its own slots


class SlotTransport(httpx.BaseTransport):
    """Adds `id_slot` to a chat request made while its article holds a slot."""

    def __init__(self, inner: httpx.BaseTransport, pinning: SlotPinning) -> None:
        self.inner = inner
        self.pinning = pinning

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        slot = self.pinning.current()
        if slot is not None and request.method == "POST" and request.url.path.endswith("/chat/completions"):
            body = json.loads(request.content)
            body["id_slot"] = slot
            headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"content-length"]
            request = httpx.Request(
                request.method,
                request.url,
                headers=headers,
                content=json.dumps(body).encode(),
                extensions=request.extensions,
            )
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
