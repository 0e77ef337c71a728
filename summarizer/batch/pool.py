"""Spread requests over several endpoints: least outstanding requests first; an endpoint
that fails is taken out of rotation for a while (used before its rest is over only when
every other endpoint is out too: a request never waits for a rest to end)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import EndpointError

if TYPE_CHECKING:
    from ..llm import ModelClient

log = logging.getLogger(__name__)

COOLDOWN_SECONDS = 20.0


@dataclass
class Member:
    client: ModelClient
    outstanding: int = 0
    down_until: float = 0.0
    served: int = 0
    name: str = field(default="")


class NoEndpoint(EndpointError):
    pass


class EndpointPool:
    def __init__(self, clients: list[ModelClient], cooldown: float = COOLDOWN_SECONDS) -> None:
        self.members = [Member(c, name=c.endpoint.base_url) for c in clients]
        self.cooldown = cooldown
        self._lock = threading.Lock()

    def _pick(self, avoid: frozenset[str]) -> Member | None:
        now = time.monotonic()
        healthy = [m for m in self.members if m.down_until <= now and m.name not in avoid]
        if not healthy:
            return None
        return min(healthy, key=lambda m: (m.outstanding, m.served))

    @contextmanager
    def lease(self, avoid: frozenset[str] = frozenset()) -> Iterator[ModelClient]:
        """A client to use now, not one named in `avoid` (those that refused this article or
        hung on it). One out of rotation is used only when every other is out too (the one
        back soonest): waiting out its rest would add up to COOLDOWN_SECONDS to every
        article of a batch whose endpoints all fail, and retries are bounded already."""
        with self._lock:
            member = self._pick(avoid)
            if member is None:
                others = [m for m in self.members if m.name not in avoid]
                if not others:
                    raise NoEndpoint("every endpoint refused this article")
                member = min(others, key=lambda m: m.down_until)
            member.outstanding += 1
        failed = False
        try:
            yield member.client
        except EndpointError as error:
            failed = error.transient  # a refused request says nothing about the endpoint's health
            raise
        finally:
            with self._lock:
                member.outstanding -= 1
                if failed:
                    member.down_until = time.monotonic() + self.cooldown
                    log.warning("%s failed; out of rotation for %.0f s", member.name, self.cooldown)
                else:
                    member.served += 1
