"""One model replica on a Ray worker: started once, then one article at a time.

A plain class: `ray_pool` makes it a Ray actor, so this module needs no Ray to import.
What it returns is plain data (a status, the summary's JSON or the error, its kind):
an exception of ours would not survive Ray's pickling with its message intact.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..errors import SummarizerError
from ..loader import Article
from ..modes import WordingMode
from ..prompting import PromptSet
from ..redact import register_endpoint
from ..session import ModelSettings, open_models
from .pool import EndpointPool
from .runner import BatchOptions, Identity, summarise

log = logging.getLogger(__name__)

Result = tuple[str, str, str]  # ("done", summary JSON, "") or ("failed", error, kind)


@dataclass(frozen=True)
class ReplicaSpec:
    """What a replica needs to start its model on any node: plain, picklable values."""

    settings: ModelSettings
    urls: list[str]
    prompts: Path | None  # None: the built-in prompts (a user's own must exist on every node)
    wording: WordingMode
    options: BatchOptions
    identity: str  # the driver's model identity (the cache key's), for the record only


class Replica:
    def __init__(self, spec: ReplicaSpec) -> None:
        # Unpickled settings skip __post_init__: register the secrets to mask here too.
        for url in spec.urls or [None]:
            register_endpoint(url, spec.settings.api_key)
        self.spec = spec
        self.problem: str | None = None
        self._stack = ExitStack()
        prompts = PromptSet(spec.prompts)
        self.identity = Identity(spec.identity, ",".join(sorted(spec.urls)), prompts, spec.wording)
        try:
            self.pool = EndpointPool(
                self._stack.enter_context(open_models(spec.settings, spec.urls, prompts))
            )
        except SummarizerError as error:  # said by ready(): the driver decides what follows
            self.problem = str(error)

    def ready(self) -> str | None:
        """None once the model answers; else why it cannot."""
        return self.problem

    def summarise(self, article: Article, name: str) -> Result:
        try:
            summary = summarise(article, self.pool, self.identity, self.spec.options, name)
        except SummarizerError as error:
            return ("failed", str(error), type(error).__name__)
        except Exception as bug:  # one article's surprise must not take the replica down
            return ("failed", f"internal error: {type(bug).__name__}: {bug}", "InternalError")
        return ("done", summary.model_dump_json(), "")

    def close(self) -> None:
        self._stack.close()
