"""Spread requests over several endpoints: least outstanding requests first; an endpoint
that fails is taken out of rotation for a while and tried again later."""

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
        self._lock = threading.Condition()

    def _pick(self, avoid: frozenset[str]) -> Member | None:
        now = time.monotonic()
        healthy = [m for m in self.members if m.down_until <= now and m.name not in avoid]
        if not healthy:
            return None
        return min(healthy, key=lambda m: (m.outstanding, m.served))

    @contextmanager
    def lease(self, wait: float = 300.0, avoid: frozenset[str] = frozenset()) -> Iterator[ModelClient]:
        """A client to use now, not one named in `avoid` (those that refused this article);
        waits for one to come back if all the others are out of rotation."""
        deadline = time.monotonic() + wait
        with self._lock:
            while (member := self._pick(avoid)) is None:
                others = [m for m in self.members if m.name not in avoid]
                if not others:
                    raise NoEndpoint("every endpoint refused this article")
                soonest = min(m.down_until for m in others) - time.monotonic()
                if time.monotonic() + max(soonest, 0) > deadline:
                    raise NoEndpoint("every endpoint failed and none came back in time")
                self._lock.wait(timeout=max(0.1, min(soonest, 5.0)))
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
                self._lock.notify_all()
