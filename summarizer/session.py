"""Open a model for a run: the user's endpoint, a replay, or the embedded default.

Settings come from options first, then the environment (`SUMMARIZER_BASE_URL`,
`SUMMARIZER_MODEL`, `SUMMARIZER_BACKEND`, `OPENAI_API_KEY`); with no endpoint at all the
embedded model is started on loopback and stopped when the block ends.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .embedded import EMBEDDED_PROFILE, MODEL_NAME, EmbeddedServer
from .endpoint import EndpointConfig, check_base_url
from .errors import ConfigError
from .files import write_atomic
from .prompting import PromptSet
from .redact import register_endpoint

if TYPE_CHECKING:  # the client libraries load only when a model is opened
    from .llm import ModelClient
    from .runlog.store import RunLog

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 600.0
# A day: past it no answer is awaited on purpose, and from about 1e10 s the socket's
# deadline overflows the platform's time_t (an internal error, not a refusal).
MAX_TIMEOUT = 86400.0


@dataclass(frozen=True)
class ModelSettings:
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    backend: str | None = None
    model_path: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    retry_seconds: float = 120.0
    record: Path | None = None
    replay: Path | None = None
    slots: int = 1
    log: bool = False  # keep the run's exchanges in the run log (summarize, batch)
    threads: int | None = None  # the embedded model's CPU threads; None: llama.cpp's default (all cores)

    def __post_init__(self) -> None:
        # A key pasted with a space or a newline around it is the key without them.
        if self.api_key is not None:
            object.__setattr__(self, "api_key", self.api_key.strip() or None)
        # Registered before anything can print or store them (see redact.py).
        register_endpoint(self.base_url, self.api_key)
        if self.api_key is not None and not (self.api_key.isascii() and self.api_key.isprintable()):
            # An HTTP header carries printable ASCII only: a pasted key with other characters
            # would fail deep in the client as an internal error.
            raise ConfigError(
                "the API key holds characters an HTTP header cannot carry (not printable ASCII)"
            )
        if self.base_url is not None:  # "" too: an empty --base-url is a mistake, not "embedded"
            check_base_url(self.base_url)
        if not 0 < self.timeout <= MAX_TIMEOUT:  # also refuses inf and NaN
            raise ConfigError(
                f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}, "
                f"not {self.timeout:g}"
            )

    def with_environment(self) -> ModelSettings:
        env = os.environ
        return replace(
            self,
            base_url=self.base_url or _base_url(env),
            model=self.model or env.get("SUMMARIZER_MODEL") or None,
            api_key=self.api_key or env.get("OPENAI_API_KEY") or None,
            backend=self.backend or env.get("SUMMARIZER_BACKEND") or None,
            retry_seconds=_seconds(env, "SUMMARIZER_RETRY_SECONDS", self.retry_seconds),
        )

    @property
    def label(self) -> str:
        return self.base_url or f"embedded:{(self.model_path.name if self.model_path else MODEL_NAME)}"


def _base_url(env: os._Environ[str]) -> str | None:
    """Set but empty is a mistake (a script's unset variable), never "use the embedded model"."""
    value = env.get("SUMMARIZER_BASE_URL")
    if value is not None and not value.strip():
        raise ConfigError(
            "SUMMARIZER_BASE_URL is empty: unset it to use the embedded model, or give an endpoint"
        )
    return value or None


def _seconds(env: os._Environ[str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses NaN
        raise ConfigError(f"{name} must be a number of seconds, not {value!r}")
    return seconds


def _recorded_endpoint(replay: Path) -> EndpointConfig:
    from .recording import REPLAY_MANIFEST, read_record

    manifest_path = replay / REPLAY_MANIFEST
    if not manifest_path.is_file():
        raise ConfigError(f"{replay} holds no recording (made with --record DIR)")
    manifest = read_record(manifest_path, {"base_url": str})
    return EndpointConfig(manifest["base_url"], manifest.get("model"), None, manifest.get("backend"))


@contextmanager
def open_model(settings: ModelSettings, prompts: PromptSet | None = None) -> Iterator[ModelClient]:
    """A connected client; with the embedded model, its system-prompt cache is ready too."""
    settings = settings.with_environment()
    with ExitStack() as stack:
        server: EmbeddedServer | None = None
        if settings.replay is not None:
            endpoint = _recorded_endpoint(settings.replay)
        elif settings.base_url:
            endpoint = EndpointConfig(settings.base_url, settings.model, settings.api_key, settings.backend)
        else:
            server = EmbeddedServer(settings.model_path, slots=settings.slots, threads=settings.threads)
            stack.callback(server.stop)
            server.launch()
            endpoint = EndpointConfig(server.base_url, MODEL_NAME, None, EMBEDDED_PROFILE)
        # The client libraries take ~2 s to import: the embedded model loads meanwhile.
        from .connection import connect
        from .prefix_cache import prepare_prefix
        from .recording import REPLAY_MANIFEST

        if server is not None:
            server.wait_ready()
        client = connect(
            endpoint,
            timeout=settings.timeout,
            retry_seconds=settings.retry_seconds,
            record=settings.record,
            replay=settings.replay,
            run_log=_run_log(settings),
            embedded=server,
        )
        stack.callback(client.close)
        if server is not None and prompts is not None:
            prepare_prefix(client, server, prompts)
        if settings.record is not None:
            manifest = {"base_url": endpoint.base_url, "model": client.model, "backend": client.profile.name}
            write_atomic(settings.record / REPLAY_MANIFEST, json.dumps(manifest, indent=1) + "\n")
        yield client


def _run_log(settings: ModelSettings) -> RunLog | None:
    if not settings.log or settings.replay is not None:  # a replay asks nothing new
        return None
    from .runlog.store import open_log

    return open_log()


@contextmanager
def open_models(
    settings: ModelSettings, base_urls: list[str], prompts: PromptSet | None = None
) -> Iterator[list[ModelClient]]:
    """One client per endpoint that answers (or the embedded model, `settings.slots` slots).

    An endpoint that cannot be reached is left out with a warning; none at all is an error.
    """
    from .errors import SummarizerError

    with ExitStack() as stack:
        if not base_urls:
            yield [stack.enter_context(open_model(settings, prompts))]
            return
        clients, errors = [], []
        for url in base_urls:
            try:
                clients.append(stack.enter_context(open_model(replace(settings, base_url=url), prompts)))
            except SummarizerError as error:
                log.warning("leaving out %s: %s", url, error)
                errors.append(error)
        if not clients:
            raise errors[0]
        yield clients
