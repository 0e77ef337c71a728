"""Keep the KV cache of the system prompt on disk between runs of the embedded model.

Every question starts with the same system prompt (~700 tokens: about 18 s of prompt
processing on a 2-core CPU). The first run saves llama.cpp's slot state after reading
it once; later runs restore it in milliseconds (`/slots/N?action=restore`). The file is
keyed by the model, the prompt templates and the context size, so any change rebuilds it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2 as httpx

from .prompting import PromptSet

if TYPE_CHECKING:
    from .embedded import EmbeddedServer
    from .llm import ModelClient

log = logging.getLogger(__name__)


def prefix_file(model_key: str, prompts: PromptSet, context: int) -> str:
    from .questions import prompt_sha256  # the questions import the model client, which imports this

    digest = hashlib.sha256(f"{model_key}\0{prompt_sha256(prompts)}\0{context}".encode()).hexdigest()[:20]
    return f"prefix-{digest}.bin"


def prepare_prefix(client: ModelClient, server: EmbeddedServer, prompts: PromptSet) -> None:
    """Restore the saved system-prompt cache into every slot of `server` (the one behind
    `client`, which we started), or build and save it."""
    name = prefix_file(server.model_key, prompts, server.context)
    root = client.endpoint.base_url.rstrip("/").removesuffix("/v1")
    http = httpx.Client(timeout=client.timeout)
    try:
        if not (server.slot_dir / name).exists():
            from .questions import system_prompt

            messages = [
                {"role": "system", "content": system_prompt(prompts)},
                {"role": "user", "content": "ok"},
            ]
            # Pinned to slot 0, the one saved: with several slots the server may pick any.
            body = {
                "model": client.model, "messages": messages, "max_tokens": 1,
                "cache_prompt": True, "id_slot": 0,
            }  # fmt: skip
            http.post(f"{root}/v1/chat/completions", json=body).raise_for_status()
            saved = http.post(f"{root}/slots/0?action=save", json={"filename": name})
            saved.raise_for_status()
            if not saved.json().get("n_saved"):
                # An empty state would be restored on every later run, silently saving nothing.
                (server.slot_dir / name).unlink(missing_ok=True)
                log.debug("the system prompt's cache came out empty; not kept")
                return
            log.info("saved the system prompt's cache (%s) for later runs", name)
            first = 1
        else:
            first = 0
        for slot in range(first, server.slots):
            http.post(f"{root}/slots/{slot}?action=restore", json={"filename": name}).raise_for_status()
    except (httpx.HTTPError, ValueError) as error:
        # Only a speed-up: without it, the first question reads the system prompt itself.
        log.debug("system prompt cache unavailable: %s", error)
    finally:
        http.close()


def clear_prefixes(directory: Path) -> int:
    removed = 0
    for path in directory.glob("prefix-*.bin"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed
