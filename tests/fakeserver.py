"""A scripted OpenAI-compatible HTTP server on loopback, for tests of the plumbing.

It answers `/v1/models` and `/v1/chat/completions` from a script, records every request,
and can misbehave on demand: status codes, Retry-After, hangs, slow drips (of the body or of
the headers), dropped connections, malformed JSON, HTML pages, compressed bodies, redirects on /models.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    body: Any = None  # dict -> JSON; str/bytes sent as is
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float | None = None  # seconds between bytes of the body
    header_drip: float | None = None  # the status line, then one header byte every this many s
    hang_up: bool = False  # close the connection without answering
    content_type: str = "application/json"


def completion(
    content: Any, *, prompt_tokens: int = 50, completion_tokens: int = 10, finish: str = "stop"
) -> Reply:
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake-model",
            "choices": [
                {"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": text}}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


Responder = Callable[[str, dict[str, Any]], Reply]


@dataclass
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    peer_port: int = 0  # the client's port: which process asked (see test_ray_batch)


class FakeOpenAI:
    def __init__(self, responder: Responder, models: list[dict[str, Any]] | None = None) -> None:
        self.responder = responder
        self.models = models if models is not None else [{"id": "fake-model", "owned_by": "llamacpp"}]
        self.requests: list[Recorded] = []
        self.models_reply: Reply | None = None  # answer /models with this instead of the list
        # Called on each POST before it is answered; True drops the request unanswered.
        self.intercept: Callable[[Recorded], bool] | None = None
        # When each header drip stopped because the client had gone (monotonic seconds).
        self.drips_cut: list[float] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.split("?")[0].endswith("/chat/completions")]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.hang_up:
                    self.close_connection = True
                    self.connection.close()
                    return
                if reply.header_drip:
                    self._drip_headers(reply.header_drip)
                    return
                body = reply.body
                data = (
                    json.dumps(body).encode()
                    if isinstance(body, dict | list)
                    else (body.encode() if isinstance(body, str) else (body or b""))
                )
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.drip:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.drip)
                else:
                    self.wfile.write(data)

            def _drip_headers(self, every: float) -> None:
                """Headers that never end: a byte at a time, each well inside any read
                timeout, for a minute (then the server gives up and closes)."""
                self.close_connection = True
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    for _ in range(int(60 / every)):
                        self.wfile.write(b"X")
                        self.wfile.flush()
                        time.sleep(every)
                except OSError:  # the client closed the connection
                    fake.drips_cut.append(time.monotonic())

            def do_GET(self) -> None:
                fake.requests.append(Recorded("GET", self.path, {}, dict(self.headers)))
                if self.path.split("?")[0].endswith("/models"):  # a query string is the client's
                    self._reply(fake.models_reply or Reply({"object": "list", "data": fake.models}))
                else:
                    self._reply(Reply({"error": "not found"}, status=404))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                recorded = Recorded("POST", self.path, body, dict(self.headers), self.client_address[1])
                fake.requests.append(recorded)
                if fake.intercept is not None and fake.intercept(recorded):
                    self.close_connection = True
                    return
                self._reply(fake.responder(self.path, body))

        return Handler

    def start(self) -> FakeOpenAI:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def fake_openai(responder: Responder, models: list[dict[str, Any]] | None = None) -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(responder, models).start()
    try:
        yield server
    finally:
        server.stop()


def scripted(replies: list[Reply]) -> Responder:
    """Answer chat requests with these replies in turn (the last one repeats)."""
    queue = list(replies)

    def respond(path: str, body: dict[str, Any]) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


def schema_name(body: dict[str, Any]) -> str:
    format_ = body.get("response_format") or {}
    return (format_.get("json_schema") or {}).get("name", "")


def by_question(answers: dict[str, list[Any]]) -> Responder:
    """Answer each question (told apart by its response schema's name) from its own list."""
    queues = {name: list(replies) for name, replies in answers.items()}

    def respond(path: str, body: dict[str, Any]) -> Reply:
        name = schema_name(body)
        queue = queues.get(name)
        if not queue:
            return Reply({"error": {"message": f"unscripted question {name}"}}, status=500)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer if isinstance(answer, Reply) else completion(answer)

    return respond


# Answers a model would give for the reference article (Wang Yi's four proposals).
REFERENCE_META = {
    "speaker_name": "Wang Yi",
    "speaker_title": "x",
    "event": "14th meeting",
    "location": "St. Petersburg",
}
REFERENCE_LISTS = {"lists": [{"list": "L1", "speaker": "Wang Yi", "kind": "proposals made at this event"}]}


def reference_answers() -> Responder:
    """A model that answers the reference article's questions correctly."""
    return by_question({"GroundedMeta": [REFERENCE_META], "ListsAnswer": [REFERENCE_LISTS]})
