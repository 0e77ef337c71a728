"""A batch on Ray: the pending articles go to a pool of actors, one per model replica.

Reading the inputs, the cache, resume and every write stay in the driver (the `Batch`
this extends): an actor only turns an article into a summary or a failure, so the results
on disk are those of a local batch. Each actor starts its model once (the embedded model,
or clients for the given endpoints) and takes one article at a time. An actor that dies
mid-article (killed, out of memory, its node lost) is restarted by Ray, and its article
goes to another actor, a bounded number of times, then becomes an error record.

The dispatch loop is ours, not `ray.util.ActorPool`: that pool drops a dead actor but does
not say which article died with it, and a restarted actor should come back into service.
Ray itself is imported only here, and this module only when `--ray` is given.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from .ray_actor import Replica, ReplicaSpec
from .runner import Batch, Work

log = logging.getLogger(__name__)

# An article whose actor dies this many times is recorded as failed: it may be the cause.
ARTICLE_TRIES = 3
# A dead replica is started again this many times (its model loads again) before it is dropped.
ACTOR_RESTARTS = 2
EMBEDDED_REPLICA_BYTES = 1_200 * 1024**2  # the embedded model's resident memory, per replica
STARTUP_SECONDS = 900.0  # no actor placed and started by then: the cluster cannot run it
LOCAL_OBJECT_STORE_BYTES = 100 * 1024**2  # articles and summaries are small


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a local Ray runtime; else join that cluster
    actors: int = 1
    cpus_per_actor: int = 1  # what Ray reserves for each
    model_threads: int | None = None  # the embedded model's threads; None: all cores


def import_ray(address: str | None = None) -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: pip install 'summarizer[ray]'") from None
    # A ray:// address is Ray Client, which needs Ray's `client` extra (grpcio); without it
    # ray.init fails only once the batch has begun, so ask now.
    if address is not None and address.startswith("ray://") and importlib.util.find_spec("grpc") is None:
        raise ConfigError("--ray ray://... needs Ray's client extra: pip install 'ray[client]'")
    return ray


class RayBatch(Batch):
    """A `Batch` whose pending articles are summarised by Ray actors."""

    def __init__(self, *args: Any, spec: ReplicaSpec, ray_options: RayOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.ray_options = ray_options

    def _run_pending(self, pending: list[Work], connect: Any) -> None:
        # `connect` is the local batch's: each actor connects on its own node, from the spec.
        ray = import_ray()
        if not sys.stderr.isatty():  # actors' lines on stderr: no colour codes in a log file
            os.environ.setdefault("RAY_COLOR_PREFIX", "0")
        started_here = not ray.is_initialized()
        if started_here:
            _start(ray, self.ray_options)
        actors = self._create_actors(ray)
        try:
            Dispatch(ray, self, actors).run(pending)
        finally:
            _stop(ray, actors)
            if started_here:
                ray.shutdown()

    def _create_actors(self, ray: Any) -> list[Any]:
        resources: dict[str, Any] = {"num_cpus": self.ray_options.cpus_per_actor}
        if not self.spec.urls:  # the embedded model: Ray places no more replicas than fit
            resources["memory"] = EMBEDDED_REPLICA_BYTES
        remote = ray.remote(max_restarts=ACTOR_RESTARTS, max_task_retries=0, **resources)(Replica)
        return [remote.remote(self.spec) for _ in range(max(1, self.ray_options.actors))]


def _start(ray: Any, options: RayOptions) -> None:
    try:
        if options.address is None:
            cpus = options.actors * options.cpus_per_actor  # one actor per reserved share
            ray.init(
                num_cpus=cpus,
                object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                include_dashboard=False,
                logging_level=logging.WARNING,
            )
        else:
            ray.init(address=options.address, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = options.address or "a local Ray runtime"
        raise ConfigError(f"cannot start or join {where}: {error}") from None


def _stop(ray: Any, actors: list[Any]) -> None:
    """Stop each replica's model politely, then the actors themselves."""
    with suppress(Exception):
        ray.wait([a.close.remote() for a in actors], num_returns=len(actors), timeout=30)
    for actor in actors:
        with suppress(Exception):
            ray.kill(actor, no_restart=True)


class Dispatch:
    """Hands articles to idle actors and collects what they return, until none is left."""

    def __init__(self, ray: Any, batch: RayBatch, actors: list[Any]) -> None:
        self.ray = ray
        self.batch = batch
        self.actors = actors
        self.starting: dict[Any, int] = {}  # a ready() call -> actor index
        self.running: dict[Any, tuple[int, Work]] = {}  # a summarise() call -> actor, article
        self.idle: list[int] = []
        self.tries: dict[Any, int] = {}
        self.avoid: dict[Any, int] = {}  # an article's last actor, which died under it
        self.restarting: dict[int, float] = {}  # actor index -> when it was first found restarting
        self.problem = "every Ray actor died"
        for index, actor in enumerate(actors):
            self.starting[actor.ready.remote()] = index

    def run(self, pending: list[Work]) -> None:
        queue = deque(pending)
        deadline = time.monotonic() + STARTUP_SECONDS
        while queue or self.running:
            self._hand_out(queue)
            if not self.running and not self.starting and not self.idle:
                break  # no actor left to do the rest
            if not self.running and not self.idle and time.monotonic() > deadline:
                self.problem = f"no Ray actor started within {STARTUP_SECONDS:.0f} s (too few resources?)"
                break
            done, _ = self.ray.wait([*self.running, *self.starting], num_returns=1, timeout=5.0)
            for ref in done:
                if ref in self.starting:
                    self._started(ref)
                else:
                    self._returned(ref, queue)
        for work in queue:  # left over only when no actor can take it
            self.batch._fail(work.path, self.problem, "RayError")

    def _hand_out(self, queue: deque[Work]) -> None:
        while queue and self.idle:
            work = queue.popleft()
            others = [i for i in self.idle if i != self.avoid.get(work.path)]
            index = (others or self.idle)[0]
            self.idle.remove(index)
            ref = self.actors[index].summarise.remote(work.article, work.path.name)
            self.running[ref] = (index, work)

    def _started(self, ref: Any) -> None:
        index = self.starting.pop(ref)
        try:
            problem = self.ray.get(ref)
        except self.ray.exceptions.ActorUnavailableError as error:  # Ray is restarting it: ask again
            since = self.restarting.setdefault(index, time.monotonic())
            if time.monotonic() - since < STARTUP_SECONDS:
                time.sleep(0.5)  # a restart takes seconds (the model loads again): no busy loop
                self.starting[self.actors[index].ready.remote()] = index
            else:
                log.warning("a Ray actor did not come back: %s", _first_line(error))
            return
        except self.ray.exceptions.RayError as error:  # died while starting, for good
            log.warning("a Ray actor could not start: %s", _first_line(error))
            return
        self.restarting.pop(index, None)
        if problem is None:
            self.idle.append(index)
        else:  # its model cannot start (no endpoint answers): the others may do better
            log.warning("a Ray actor could not start its model: %s", problem)
            self.problem = problem

    def _returned(self, ref: Any, queue: deque[Work]) -> None:
        index, work = self.running.pop(ref)
        try:
            status, payload, kind = self.ray.get(ref)
        except self.ray.exceptions.RayActorError as error:
            self._actor_died(index, work, error, queue)
            return
        except self.ray.exceptions.RayError as error:  # the call itself failed, not the actor
            self.idle.append(index)
            self.batch._fail(work.path, f"internal error on Ray: {_first_line(error)}", "InternalError")
            return
        self.idle.append(index)
        if status == "done":
            from ..schemas import Summary

            self.batch.finish(work, Summary.model_validate_json(payload))
        else:
            self.batch._fail(work.path, payload, kind)

    def _actor_died(self, index: int, work: Work, error: Exception, queue: deque[Work]) -> None:
        tries = self.tries[work.path] = self.tries.get(work.path, 0) + 1
        if tries < ARTICLE_TRIES:
            log.warning("%s: its Ray actor died (try %d of %d): %s", work.path.name, tries, ARTICLE_TRIES,
                        _first_line(error))  # fmt: skip
            self.avoid[work.path] = index
            queue.appendleft(work)
        else:
            self.batch._fail(
                work.path, f"a Ray actor died while summarising it, {tries} times", "RayActorDied"
            )
        # Restarted by Ray (its model loads again) or dead for good: ready() says which.
        self.starting[self.actors[index].ready.remote()] = index


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
