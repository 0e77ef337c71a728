"""With the embedded server's several slots: each article keeps one, and the system
prompt's saved cache is only kept when it holds something."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from fakeserver import Reply, completion, fake_openai
from pydantic import BaseModel

from summarizer import connection
from summarizer.embedded import EmbeddedServer
from summarizer.endpoint import EndpointConfig
from summarizer.llm import ModelClient
from summarizer.prefix_cache import prefix_file, prepare_prefix
from summarizer.prompting import PromptSet


class Pick(BaseModel):
    colour: str


MESSAGES = [{"role": "user", "content": "Pick a colour."}]


def always_red(path: str, body: dict[str, Any]) -> Reply:
    return completion({"colour": "red"})


def connect(url: str, embedded: EmbeddedServer | None = None) -> ModelClient:
    return connection.connect(EndpointConfig(url, None, None, "llamacpp"), retry_seconds=5, embedded=embedded)


def started(url: str, slots: int = 2, context: int = 8192) -> EmbeddedServer:
    """The embedded server we would have started, as the scripted server at `url` stands in for it."""
    return EmbeddedServer(port=urlsplit(url).port or 0, slots=slots, context=context)


def slots_asked(server: Any) -> list[Any]:
    return [request.body.get("id_slot") for request in server.chat_requests]


def test_every_question_about_one_article_goes_to_that_articles_slot() -> None:
    with fake_openai(always_red) as server:
        embedded = started(server.url)
        client = connect(server.url, embedded)

        def another_article() -> None:
            with client.pinning.pinned():
                client.ask(Pick, MESSAGES)

        with client.pinning.pinned():
            client.ask(Pick, MESSAGES)
            with ThreadPoolExecutor(1) as other:
                other.submit(another_article).result()
            client.ask(Pick, MESSAGES)
        with embedded.pinning.pinned():  # the slot is free again once its article is done
            client.ask(Pick, MESSAGES)
    assert slots_asked(server) == [0, 1, 0, 1]


def test_a_server_we_did_not_start_chooses_its_own_slots() -> None:
    with fake_openai(always_red) as server:
        client = connect(server.url)
        with client.pinning.pinned():
            client.ask(Pick, MESSAGES)
    assert slots_asked(server) == [None]


def test_a_slot_pinned_on_the_embedded_server_is_not_sent_to_another_endpoint() -> None:
    with fake_openai(always_red) as ours, fake_openai(always_red) as theirs:
        embedded = started(ours.url)
        client, other = connect(ours.url, embedded), connect(theirs.url)
        with embedded.pinning.pinned():
            client.ask(Pick, MESSAGES)
            other.ask(Pick, MESSAGES)
    assert (slots_asked(ours), slots_asked(theirs)) == ([0], [None])


def test_a_started_server_holds_its_own_context_in_each_slot() -> None:
    """llama.cpp's `/models` tells the context of all its slots together."""
    whole = [{"id": "fake-model", "owned_by": "llamacpp", "meta": {"n_ctx": 16384}}]
    with fake_openai(always_red, models=whole) as server:
        ours, theirs = connect(server.url, started(server.url, context=8192)), connect(server.url)
    assert (ours.context, theirs.context) == (8192, 16384)


def saving_server(n_saved: int, slot_dir: Path, name: str):
    """A llama.cpp stand-in whose slot save writes the file, as the real one does."""

    def respond(path: str, body: dict[str, Any]) -> Reply:
        if "action=save" in path:
            (slot_dir / name).write_bytes(b"\0" * (40 + 100 * n_saved))
            return Reply({"id_slot": 0, "filename": name, "n_saved": n_saved})
        if "action=restore" in path:
            return Reply({"id_slot": 1, "n_restored": n_saved})
        return completion({"colour": "red"})

    return fake_openai(respond)


def prepare(url: str, slot_dir: Path, prompts: PromptSet) -> None:
    embedded: Any = SimpleNamespace(slots=2, slot_dir=slot_dir, model_key="m", context=8192)
    prepare_prefix(connect(url), embedded, prompts)


def test_the_system_prompt_is_read_on_slot_0_saved_and_restored_into_the_others(tmp_path: Path) -> None:
    prompts = PromptSet()
    name = prefix_file("m", prompts, 8192)
    with saving_server(700, tmp_path, name) as server:
        prepare(server.url, tmp_path, prompts)
    posts = [(r.path, r.body) for r in server.requests if r.method == "POST"]
    assert posts[0][0].endswith("/chat/completions") and posts[0][1]["id_slot"] == 0
    assert [path for path, _ in posts[1:]] == ["/slots/0?action=save", "/slots/1?action=restore"]
    assert (tmp_path / name).exists()


def test_an_empty_saved_state_is_not_kept_for_later_runs(tmp_path: Path) -> None:
    prompts = PromptSet()
    name = prefix_file("m", prompts, 8192)
    with saving_server(0, tmp_path, name) as server:
        prepare(server.url, tmp_path, prompts)
    assert not (tmp_path / name).exists()
    assert not [r for r in server.requests if "restore" in r.path]
