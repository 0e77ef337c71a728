"""What an OpenAI-compatible server says about itself in `GET /models`, read once.

The ids and aliases it serves, who owns them (llama.cpp, vLLM, Ollama ... say so), and, where
the server tells (llama.cpp's `meta`), each model's parameter count and context length. One
reading serves `connect`, backend detection and `doctor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ModelMeta:
    parameters: float | None = None
    context: int | None = None


@dataclass(frozen=True)
class ServerInfo:
    models: tuple[str, ...] = ()  # ids and aliases, in the server's order
    owners: frozenset[str] = frozenset()  # lower-cased `owned_by` values
    meta: dict[str, ModelMeta] = field(default_factory=dict)

    def about(self, model: str) -> ModelMeta:
        return self.meta.get(model, ModelMeta())


def parse_models(body: Any) -> ServerInfo:
    """A `/models` body; anything that is not one gives an empty `ServerInfo`."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return ServerInfo()
    models: list[str] = []
    owners: set[str] = set()
    meta: dict[str, ModelMeta] = {}
    for entry in (e for e in data if isinstance(e, dict)):
        names = [str(n) for n in [entry.get("id", ""), *(entry.get("aliases") or [])] if n]
        models += names
        owners.add(str(entry.get("owned_by", "")).lower())
        about = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
        size, context = about.get("n_params"), about.get("n_ctx")
        described = ModelMeta(
            float(size) if isinstance(size, int | float) and not isinstance(size, bool) else None,
            context if isinstance(context, int) and not isinstance(context, bool) else None,
        )
        meta.update(dict.fromkeys(names, described))
    return ServerInfo(tuple(dict.fromkeys(models)), frozenset(owners - {""}), meta)
