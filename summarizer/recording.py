"""Record every exchange with the endpoint, and replay them later with no model or network.

`RecordingTransport` sits on top of the retrying transport (transport.py) and stores each
request body and answer (never headers) as one JSON file named by `exchange_key`;
`ReplayTransport` answers from those files only, each checked when the replay starts.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import httpx2 as httpx

from .bounded import JSON_FILE_LIMIT, UNPARSABLE, read_file
from .errors import ConfigError, InputError
from .files import write_atomic

REPLAY_MANIFEST = "endpoint.json"  # names a recording's endpoint, beside its exchanges


# Which slot of the embedded server holds an article (batch -j N) does not change the answer:
# a run logged in a batch replays alone.
NOT_IN_KEY = ("id_slot",)


def exchange_key(request: httpx.Request) -> str:
    """Same request, same key: the method, the path and the canonical JSON body."""
    body: Any = None
    if request.content:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = request.content.decode("utf-8", "replace")
    if isinstance(body, dict):
        body = {name: value for name, value in body.items() if name not in NOT_IN_KEY}
    canonical = json.dumps([request.method, request.url.path, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


class RecordingTransport(httpx.BaseTransport):
    """Store every exchange (request body and answer, never headers) under `directory`."""

    def __init__(self, inner: httpx.BaseTransport, directory: Path) -> None:
        self.inner = inner
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        content = response.read()
        record = {
            "method": request.method,
            "path": request.url.path,
            "request": json.loads(request.content) if request.content else None,
            "status": response.status_code,
            "content_type": response.headers.get("content-type", "application/json"),
            "body": content.decode("utf-8", "replace"),
        }
        write_atomic(
            self.directory / f"{exchange_key(request)}.json", json.dumps(record, indent=1, ensure_ascii=False)
        )
        return httpx.Response(
            status_code=response.status_code,
            headers={"content-type": record["content_type"]},
            content=content,
            request=request,
        )

    def close(self) -> None:
        self.inner.close()


class ReplayMissing(httpx.TransportError):
    pass


class ReplayTransport(httpx.BaseTransport):
    """Answer from recorded exchanges only: no model, no network.

    Every recording is read and checked when the replay starts: a damaged file is named as
    the recording's fault (exit 2), not reported later as a server that answered badly."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.records = {
            path.stem: read_record(path, EXCHANGE_FIELDS)
            for path in sorted(directory.glob("*.json"))
            if _EXCHANGE_NAME.fullmatch(path.stem)  # beside them: endpoint.json, an eval's timings
        }

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        record = self.records.get(exchange_key(request))
        if record is None:
            raise ReplayMissing(
                f"no recorded answer for this request in {self.directory} "
                "(the prompt, schema or article changed since it was recorded)",
                request=request,
            )
        return httpx.Response(
            status_code=record["status"],
            headers={"content-type": record["content_type"]},
            content=record["body"].encode("utf-8"),
            request=request,
        )


EXCHANGE_FIELDS = {"status": int, "content_type": str, "body": str}
_EXCHANGE_NAME = re.compile(r"[0-9a-f]{32}")  # exchange_key()


def read_record(path: Path, fields: dict[str, type]) -> dict[str, Any]:
    """One JSON file of a recording, with these fields of these types, or a ConfigError
    that names the file: a damaged recording is not the server's fault."""
    try:
        record = json.loads(read_file(path, JSON_FILE_LIMIT))  # never /dev/zero, never a pipe
    except InputError as error:
        raise ConfigError(f"cannot read the recording: {error}") from None
    except UNPARSABLE as error:
        raise ConfigError(f"the recording {path} is corrupt ({_gist(error)}): record it again") from None
    if not isinstance(record, dict):
        raise ConfigError(f"the recording {path} is corrupt (not a JSON object): record it again")
    for name, kind in fields.items():
        if not isinstance(record.get(name), kind):
            raise ConfigError(f"the recording {path} is corrupt (no valid '{name}'): record it again")
    return record


def _gist(error: Exception) -> str:
    if isinstance(error, RecursionError | MemoryError):
        return "nested too deep" if isinstance(error, RecursionError) else "too large to read"
    return getattr(error, "strerror", None) or str(error).splitlines()[0][:120]
