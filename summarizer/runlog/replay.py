"""A logged run as a recording (the directory `--record` writes and `--replay` reads).

The exchanges keep their recording keys, so the existing `ReplayTransport` answers them;
the model list the client asks for first is rebuilt from what the run knew of its model
(size and context decide the questions, so a replay must see the same).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import write_atomic
from ..recording import REPLAY_MANIFEST


def export_run(run: dict[str, Any], directory: Path, article_sha256: str | None = None) -> None:
    """Write `run` (from `RunLog.run`) as a recording in `directory`."""
    import httpx2 as httpx

    from ..recording import exchange_key

    if article_sha256 is not None and run["article_sha256"] != article_sha256:
        raise ConfigError(
            f"run {run['id']} was of another article ({run['source']}, sha256 {run['article_sha256'][:12]}...)"
        )
    base_url = run["endpoint"]
    manifest = {"base_url": base_url, "model": run["model"], "backend": run["backend"]}
    write_atomic(directory / REPLAY_MANIFEST, json.dumps(manifest, indent=1) + "\n")
    meta = {"n_ctx": run["context"]} | ({"n_params": run["parameters"]} if run["parameters"] else {})
    models = {"object": "list", "data": [{"id": run["model"], "meta": meta}]}
    listing = httpx.Request("GET", f"{base_url.rstrip('/')}/models")
    records = [
        (exchange_key(listing), "GET", listing.url.path, None, 200, "application/json", json.dumps(models))
    ]
    for e in run["exchanges"]:
        if e["status"] is not None:  # a fault has no answer to give back
            records.append(
                (e["key"], e["method"], e["path"], e["request"], e["status"], e["content_type"], e["body"])
            )
    for key, method, path, request, status, kind, body in records:
        record = {"method": method, "path": path, "request": request, "status": status,
                  "content_type": kind, "body": body}  # fmt: skip
        write_atomic(directory / f"{key}.json", json.dumps(record, indent=1, ensure_ascii=False))
