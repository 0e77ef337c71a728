"""Reach a model server: the transport stack, one reading of what it serves, the client.

Every HTTP client that talks to an endpoint is built here (`http_client`), so a run and
`doctor` see the server through the same retrying, bounded transport. `connect` reads
`GET /models` once, settles the profile, the model and its context, and hands them to a
`ModelClient` that is complete when built.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2 as httpx

from .backends import BackendProfile, detect_profile, get_profile
from .deadline import network_transport
from .embedded import EMBEDDED_PROFILE
from .embedded_slots import NO_PINNING
from .endpoint import NO_KEY, EndpointConfig
from .errors import ConfigError, EndpointError
from .faults import reason, redirected
from .llm import ModelClient
from .recording import RecordingTransport, ReplayTransport
from .runlog.capture import LoggingTransport
from .server_info import ServerInfo, parse_models
from .transport import EndpointFault, RetryingTransport

if TYPE_CHECKING:
    from .embedded import EmbeddedServer
    from .embedded_slots import SlotPinning
    from .runlog.store import RunLog

log = logging.getLogger(__name__)

CONNECT_RETRY_SECONDS = 5.0


def transport_stack(
    *,
    timeout: float,
    retry_seconds: float,
    record: Path | None = None,
    replay: Path | None = None,
    logged: bool = False,
    pinning: SlotPinning = NO_PINNING,
    quiet: bool = False,
) -> httpx.BaseTransport:
    """From the top: slots, run log, recording, retries, the network (or a replay alone).

    The network is the one place every request's sockets keep its deadline (`deadline.py`):
    whatever a server drips, a request ends within `timeout`."""
    if replay is not None:
        return ReplayTransport(replay)
    transport: httpx.BaseTransport = RetryingTransport(
        network_transport(), total_seconds=retry_seconds, request_seconds=timeout, quiet=quiet
    )
    if record is not None:
        transport = RecordingTransport(transport, record)
    if logged:  # above the retries: one logged exchange per attempt
        transport = LoggingTransport(transport)
    # On top: the run log and the recording keep the request as the server got it.
    return pinning.transport(transport)


def http_client(endpoint: EndpointConfig, transport: httpx.BaseTransport, timeout: float) -> httpx.Client:
    """A client of `endpoint` over `transport`: its key (or any, as the OpenAI client sends
    one) on every request, and the base URL's query string too."""
    headers = {"Authorization": f"Bearer {endpoint.api_key or NO_KEY}"}
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
        headers=headers,
        params=endpoint.query,
    )


def connect(
    endpoint: EndpointConfig,
    *,
    timeout: float = 600.0,
    retry_seconds: float = 120.0,
    record: Path | None = None,
    replay: Path | None = None,
    run_log: RunLog | None = None,
    embedded: EmbeddedServer | None = None,
) -> ModelClient:
    """A client of the model `endpoint` names (or the first it serves), checked to be served.

    `embedded`: the server behind `endpoint`, when we started it: its slots are pinned per
    article and its context is what it was started with."""
    pinning = embedded.pinning if embedded is not None else NO_PINNING
    transport = transport_stack(
        timeout=timeout, retry_seconds=retry_seconds, record=record, replay=replay,
        logged=run_log is not None, pinning=pinning,
    )  # fmt: skip
    http = http_client(endpoint, transport, timeout)
    try:
        info = server_info(endpoint, http)
        profile = _profile(endpoint, http, info, replayed=replay is not None)
        model = _model(endpoint, info)
    except BaseException:
        http.close()
        raise
    log.info("endpoint %s: backend %s, model %s", endpoint.base_url, profile.name, model)
    return ModelClient(
        endpoint, http, profile=profile, model=model, info=info, timeout=timeout,
        slot_context=embedded.context if embedded is not None else None, run_log=run_log, pinning=pinning,
    )  # fmt: skip


def _profile(
    endpoint: EndpointConfig, http: httpx.Client, info: ServerInfo, replayed: bool
) -> BackendProfile:
    if endpoint.backend:
        return get_profile(endpoint.backend)
    if replayed:  # a replay has nothing to probe
        return get_profile(EMBEDDED_PROFILE)
    return detect_profile(endpoint.api_root, http, info.owners)


def _model(endpoint: EndpointConfig, info: ServerInfo) -> str:
    served = info.models
    model = endpoint.model or (served[0] if served else None)
    if model is None:
        raise ConfigError(f"{endpoint.base_url} lists no models: name one with --model")
    if served and model not in served:
        raise ConfigError(
            f"model '{model}' is not served by {endpoint.base_url}; it serves: {', '.join(served[:8])}"
        )
    return model


def server_info(endpoint: EndpointConfig, http: httpx.Client) -> ServerInfo:
    """`GET /models`, read once: what the server serves, who owns it, sizes and context."""
    url = f"{endpoint.api_root}/models"
    try:
        response = http.get(url, extensions={"retry_seconds": CONNECT_RETRY_SECONDS})
    except EndpointFault as fault:
        raise EndpointError(f"the model server at {endpoint.base_url} {fault}", transient=False) from None
    except httpx.TimeoutException:
        raise EndpointError(
            f"the model server at {endpoint.base_url} did not answer within {http.timeout.read:g} s"
        ) from None
    except httpx.TransportError as error:
        raise EndpointError(
            f"cannot reach the model server at {endpoint.base_url}: {reason(error)}"
        ) from None
    if response.status_code in (401, 403):
        raise EndpointError(
            f"{endpoint.base_url} refused the API key (HTTP {response.status_code})", transient=False
        )
    if response.is_redirect:  # not followed: a key must not travel to wherever it points
        location = response.headers.get("location", "?")
        raise EndpointError(redirected(url, response.status_code, location), transient=False)
    if response.status_code != 200:
        return ServerInfo()
    try:
        return parse_models(response.json())
    except ValueError:
        return ServerInfo()
