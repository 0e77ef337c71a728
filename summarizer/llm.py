"""The one door to the model: an instructor client over an OpenAI-compatible endpoint.

`ModelClient.ask()` sends one bounded question and returns a validated answer with what it
cost. Validation failures are re-asked by instructor's loop; HTTP faults are retried below
it by `RetryingTransport`; anything that still fails becomes one of the project's errors.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx2 as httpx
import instructor
import openai

# openai loads its API resources on a client's first use (~0.8 s). Importing them with this
# module does it while the embedded model is still loading (session.open_model), not after.
import openai.resources
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.v2.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from .backends import BackendProfile, detect_profile, get_profile
from .embedded import EMBEDDED_PROFILE
from .endpoint import NO_KEY, EndpointConfig
from .errors import ConfigError, EndpointError, ModelAnswerError
from .faults import endpoint_error, reason
from .recording import RecordingTransport, ReplayTransport
from .redact import redact
from .runlog.capture import LoggingTransport, current_run
from .server_info import ServerInfo, parse_models
from .transport import EndpointFault, RetryingTransport

if TYPE_CHECKING:
    from .runlog.store import RunLog

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)

CONNECT_RETRY_SECONDS = 5.0
DEFAULT_CONTEXT = 8192
# The embedded server's slot that holds this thread's article (see ModelClient.pinned_slot).
_SLOT: ContextVar[int | None] = ContextVar("summarizer_slot", default=None)


@dataclass
class Cost:
    """What the calls of one article cost, summed over questions and re-asks."""

    questions: int = 0
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: Cost) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def record(self, response: Any) -> None:
        self.attempts += 1
        timings = (getattr(response, "model_extra", None) or {}).get("timings") or {}
        if timings:
            log.debug(
                "answer: %s prompt tokens (%s from cache) in %.1f s, %s generated in %.1f s",
                timings.get("prompt_n"), timings.get("cache_n"), timings.get("prompt_ms", 0) / 1000,
                timings.get("predicted_n"), timings.get("predicted_ms", 0) / 1000,
            )  # fmt: skip
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.prompt_tokens += _tokens(getattr(usage, "prompt_tokens", 0))
            self.completion_tokens += _tokens(getattr(usage, "completion_tokens", 0))


def _tokens(reported: object) -> int:
    """A server's token count, or 0 where it reports none, a negative one or not a number:
    its accounting is not worth an article."""
    return reported if isinstance(reported, int) and not isinstance(reported, bool) and reported > 0 else 0


@dataclass
class Answer(Generic[T]):
    value: T
    cost: Cost = field(default_factory=Cost)


def _check_name(error: BaseException) -> tuple[str, str]:
    """Validators tag their messages "[check-name] detail"; report the first one."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, ValidationError):
        cause = cause.__cause__
    if isinstance(cause, ValidationError):
        first = cause.errors()[0]
        message = str(first.get("msg", ""))
        if first.get("type") == "json_invalid":
            return "json", f"the answer is not valid JSON ({message})"
        if match := re.search(r"\[([a-z0-9-]+)\]\s*(.*)", message):
            return match.group(1), match.group(2)
        where = ".".join(str(p) for p in first.get("loc", ()))
        return "schema", f"{where}: {message}" if where else message
    return "json", str(error).splitlines()[0][:200]


class ModelClient:
    def __init__(
        self,
        endpoint: EndpointConfig,
        *,
        profile: BackendProfile,
        http: httpx.Client,
        model: str,
        timeout: float,
    ) -> None:
        self.endpoint = endpoint
        self.profile = profile
        self.model = model
        self.timeout = timeout
        self.parameters: float | None = None
        self.context = DEFAULT_CONTEXT  # tokens one request may hold
        self.embedded: Any = None  # the EmbeddedServer behind this endpoint, if we started it
        self.run_log: RunLog | None = None  # where runs on this client are logged (runlog/)
        self._http = http
        self._free_slots: list[int] | None = None
        self._slot_lock = threading.Lock()
        raw = openai.OpenAI(
            base_url=endpoint.api_root,
            api_key=endpoint.api_key or NO_KEY,
            max_retries=0,  # RetryingTransport retries, with a time bound
            timeout=timeout,
            http_client=http,
        )
        self._client = instructor.from_openai(raw, mode=profile.mode)

    @classmethod
    def connect(
        cls,
        endpoint: EndpointConfig,
        *,
        timeout: float = 600.0,
        retry_seconds: float = 120.0,
        record: Path | None = None,
        replay: Path | None = None,
        run_log: RunLog | None = None,
    ) -> ModelClient:
        """Build the transport stack, learn what the server is, check the model it serves."""
        transport: httpx.BaseTransport
        if replay is not None:
            transport = ReplayTransport(replay)
        else:
            transport = RetryingTransport(
                httpx.HTTPTransport(), total_seconds=retry_seconds, request_seconds=timeout
            )
            if record is not None:
                transport = RecordingTransport(transport, record)
            if run_log is not None:  # above the retries: one logged exchange per attempt
                transport = LoggingTransport(transport)
        headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
        http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=10.0),
            headers=headers,
            params=endpoint.query,  # the base URL's query string, on every request
        )
        info = cls._server_info(endpoint, http)
        served = info.models
        if endpoint.backend:
            profile = get_profile(endpoint.backend)
        elif replay is not None:
            profile = get_profile(EMBEDDED_PROFILE)
        else:
            profile = detect_profile(endpoint.api_root, http, info.owners)
        model = endpoint.model or (served[0] if served else None)
        if model is None:
            raise ConfigError(f"{endpoint.base_url} lists no models: name one with --model")
        if served and model not in served:
            raise ConfigError(
                f"model '{model}' is not served by {endpoint.base_url}; it serves: {', '.join(served[:8])}"
            )
        log.info("endpoint %s: backend %s, model %s", endpoint.base_url, profile.name, model)
        client = cls(endpoint, profile=profile, http=http, model=model, timeout=timeout)
        client.run_log = run_log
        client.parameters = info.about(model).parameters
        client.context = info.about(model).context or DEFAULT_CONTEXT
        return client

    @contextmanager
    def pinned_slot(self) -> Iterator[None]:
        """Send every question of one article to the same slot of the embedded server.

        Questions about an article share its excerpt as a prompt prefix. llama.cpp gives
        a request any idle slot, so with two articles in flight a question often lands on
        the slot holding the other article and reads its whole excerpt again (~9 s here).
        Only for a server we started, whose slots we know; others choose for themselves.
        """
        slots = getattr(self.embedded, "slots", 1)
        if slots < 2:
            yield
            return
        with self._slot_lock:
            if self._free_slots is None:
                self._free_slots = list(range(slots))
            slot = self._free_slots.pop(0) if self._free_slots else None
        token = _SLOT.set(slot)
        try:
            yield
        finally:
            _SLOT.reset(token)
            if slot is not None:
                with self._slot_lock:
                    assert self._free_slots is not None
                    self._free_slots.append(slot)

    @property
    def is_small(self) -> bool:
        """A model too small to write its own summaries well (under 4B parameters)."""
        from .embedded import MODEL_NAME

        return self.model == MODEL_NAME or (self.parameters is not None and self.parameters < 4e9)

    @staticmethod
    def _server_info(endpoint: EndpointConfig, http: httpx.Client) -> ServerInfo:
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
            raise ConfigError(
                f"{url} redirects (HTTP {response.status_code}) to {response.headers.get('location', '?')}: "
                "give that address as --base-url"
            )
        if response.status_code != 200:
            return ServerInfo()
        try:
            return parse_models(response.json())
        except ValueError:
            return ServerInfo()

    def ask(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        context: dict[str, Any] | None = None,
        max_retries: int = 2,
        max_tokens: int = 600,
    ) -> Answer[T]:
        cost = Cost(questions=1)
        hooks = Hooks()
        hooks.on("completion:response", cost.record)
        if (logged := current_run()) is not None:  # the run log: which question, which answer failed
            logged.ask(response_model.__name__)
            hooks.on("parse:error", logged.rejected)
        schema = response_model.model_json_schema()
        extras = self.profile.request_extras(schema)
        if (slot := _SLOT.get()) is not None:
            extras["id_slot"] = slot
        try:
            value = self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=response_model,
                context=context,
                max_retries=max_retries,
                hooks=hooks,
                temperature=0,
                max_tokens=max_tokens,
                extra_body=extras or None,
            )
        except InstructorRetryException as error:
            if isinstance(error.__cause__, openai.APIError):
                raise self._endpoint_error(error.__cause__) from None
            check, detail = _check_name(error)
            raise ModelAnswerError(check, redact(detail)) from None
        except IncompleteOutputException:
            raise ModelAnswerError(
                "complete-answer", f"the answer was cut at the limit of {max_tokens} tokens"
            ) from None
        except openai.APIError as error:
            raise self._endpoint_error(error) from None
        return Answer(value=value, cost=cost)

    def _endpoint_error(self, error: openai.APIError) -> EndpointError:
        return endpoint_error(error, self.endpoint.base_url, self.timeout)

    def close(self) -> None:
        self._http.close()
