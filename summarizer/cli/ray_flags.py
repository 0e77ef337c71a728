"""`batch --ray`: the Ray options, declared once as a group, and checked before any article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ConfigError, EndpointError
from ..redact import register_endpoint

if TYPE_CHECKING:
    from ..batch.ray_pool import RayOptions

LOCAL_RAY = "local"  # `--ray` alone
RAY_PORT = 6379  # a cluster's address given with no port: Ray's default (its GCS)
REACH_SECONDS = 5.0
RAY_PANEL = "Ray (many machines)"


def _ray_option(help: str, *flag: str, **more: Any) -> Any:
    return typer.Option(*flag, help=help, rich_help_panel=RAY_PANEL, show_default=False, **more)


@dataclass(frozen=True)
class RayFlags:
    """Where a batch runs when not in this process: a local Ray runtime or a cluster."""

    ray: Annotated[
        str | None,
        _ray_option(
            "Run on Ray actors: alone (or 'local'), a local Ray runtime; with a cluster's address "
            "(auto, HOST:6379, ray://HOST:10001), that cluster. Needs pip install 'summarizer\\[ray]'.",
            "--ray",
            metavar="[ADDRESS]",
        ),
    ] = None
    actors: Annotated[
        int | None,
        _ray_option("With --ray: model replicas (actors), one article each at a time. Default: 1."),
    ] = None
    cpus_per_actor: Annotated[
        int | None,
        _ray_option(
            "With --ray: CPUs Ray reserves for each actor, and the embedded model's threads. "
            "Default: 1 reserved, the model on all cores (right for one replica per machine)."
        ),
    ] = None

    def options(self, concurrency: int) -> RayOptions | None:
        """Checked before any article is read, Ray too (not installed: the error says how to)."""
        address, actors, cpus = self.ray, self.actors, self.cpus_per_actor
        if address is None:
            if actors is not None or cpus is not None:  # else silently a local batch, not what was asked
                raise ConfigError("--actors and --cpus-per-actor need --ray")
            return None
        register_endpoint(address, None)  # "ray://alice:secret@host:10001": the password is masked
        if address != LOCAL_RAY and Path(address).exists():
            raise ConfigError(f"--ray took {address} for a cluster address: put --ray after the inputs")
        from ..batch.ray_pool import RayOptions, import_ray

        import_ray(address)  # not installed: one line that says how to install it, now
        if address not in (LOCAL_RAY, "auto"):
            check_reachable(address)
        if concurrency != 1:
            raise ConfigError("with --ray, give --actors N (one article in flight per actor), not -j")
        actors = 1 if actors is None else actors
        if actors < 1 or (cpus is not None and cpus < 1):
            raise ConfigError("--actors and --cpus-per-actor must be at least 1")
        return RayOptions(None if address == LOCAL_RAY else address, actors, cpus or 1, model_threads=cpus)


def check_reachable(address: str) -> None:
    """Something accepts a TCP connection at the cluster's address, or exit 3 now: with no
    one there, ray.init retries for ever, printing its own log lines, not one error."""
    import socket
    from urllib.parse import urlsplit

    try:
        where = urlsplit(address if "://" in address else f"tcp://{address}")
        host, port = where.hostname, where.port or RAY_PORT
    except ValueError:
        host = port = None  # a port that is no number, or out of range
    if not host:
        raise ConfigError(f"--ray {address} is not a cluster address (HOST:PORT or ray://HOST:PORT)")
    try:
        socket.create_connection((host, port), timeout=REACH_SECONDS).close()
    except OSError as error:
        reason = "no answer" if isinstance(error, TimeoutError) else (error.strerror or str(error))
        raise EndpointError(f"no Ray cluster at {host}:{port} ({reason})", transient=False) from None
