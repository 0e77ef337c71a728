"""The one door to the model: an instructor client over an OpenAI-compatible endpoint.

`connection.connect` builds the client; `ModelClient.ask()` sends one bounded question and returns a validated answer with what it
cost. Validation failures are re-asked by instructor's loop; HTTP faults are retried below
it by `RetryingTransport`; anything that still fails becomes one of the project's errors.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
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

from .backends import BackendProfile
from .embedded_slots import NO_PINNING, SlotPinning
from .endpoint import NO_KEY, EndpointConfig
from .errors import EndpointError, ModelAnswerError
from .faults import endpoint_error
from .redact import redact
from .runlog.capture import current_run
from .server_info import ServerInfo

if TYPE_CHECKING:
    from .runlog.store import RunLog

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)

DEFAULT_CONTEXT = 8192  # tokens, where the server does not say


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


@dataclass(frozen=True, eq=False)
class ModelClient:
    """One served model, asked bounded questions; what still fails becomes one of our errors.

    Everything it knows is settled before it is built (`connection.connect` reads the
    server once) and fixed from then on: it asks and maps errors, nothing else.
    """

    endpoint: EndpointConfig
    http: httpx.Client = field(repr=False)  # the transport stack (connection.transport_stack)
    profile: BackendProfile
    model: str
    info: ServerInfo = field(default_factory=ServerInfo)  # what `GET /models` said
    timeout: float = 600.0
    # Tokens one slot of a server we started holds: its `/models` tells all slots' together.
    slot_context: int | None = None
    run_log: RunLog | None = None  # where runs on this client are logged (runlog/)
    # Which slot holds which article: the embedded server's (embedded_slots.py), else none.
    pinning: SlotPinning = NO_PINNING
    _client: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        raw = openai.OpenAI(
            base_url=self.endpoint.api_root,
            api_key=self.endpoint.api_key or NO_KEY,
            max_retries=0,  # RetryingTransport retries, with a time bound
            timeout=self.timeout,
            http_client=self.http,
        )
        object.__setattr__(self, "_client", instructor.from_openai(raw, mode=self.profile.mode))

    @property
    def parameters(self) -> float | None:
        return self.info.about(self.model).parameters

    @property
    def context(self) -> int:
        """Tokens one request may hold."""
        return self.slot_context or self.info.about(self.model).context or DEFAULT_CONTEXT

    @property
    def is_small(self) -> bool:
        """A model too small to write its own summaries well (under 4B parameters)."""
        from .embedded import MODEL_NAME

        return self.model == MODEL_NAME or (self.parameters is not None and self.parameters < 4e9)

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
        extras = self.profile.request_extras(response_model.model_json_schema())
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
        self.http.close()
