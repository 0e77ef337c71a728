"""With the embedded server's several slots: each article keeps one, and the system
prompt's saved cache is only kept when it holds something."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from fakeserver import Reply, completion, fake_openai
from pydantic import BaseModel

from summarizer.llm import EndpointConfig, ModelClient
from summarizer.prefix_cache import prefix_file, prepare_prefix
from summarizer.prompting import PromptSet


class Pick(BaseModel):
    colour: str


MESSAGES = [{"role": "user", "content": "Pick a colour."}]


def always_red(path: str, body: dict[str, Any]) -> Reply:
    return completion({"colour": "red"})


def connect(url: str) -> ModelClient:
    return ModelClient.connect(EndpointConfig(url, None, None, "llamacpp"), retry_seconds=5)


def slots_asked(server: Any) -> list[Any]:
    return [request.body.get("id_slot") for request in server.chat_requests]


def test_every_question_about_one_article_goes_to_that_articles_slot() -> None:
    with fake_openai(always_red) as server:
        client = connect(server.url)
        client.embedded = SimpleNamespace(slots=2)

        def another_article() -> None:
            with client.pinned_slot():
                client.ask(Pick, MESSAGES)

        with client.pinned_slot():
            client.ask(Pick, MESSAGES)
            with ThreadPoolExecutor(1) as other:
                other.submit(another_article).result()
            client.ask(Pick, MESSAGES)
        with client.pinned_slot():  # the slot is free again once its article is done
            client.ask(Pick, MESSAGES)
    assert slots_asked(server) == [0, 1, 0, 1]


def test_a_server_we_did_not_start_chooses_its_own_slots() -> None:
    with fake_openai(always_red) as server:
        client = connect(server.url)
        with client.pinned_slot():
            client.ask(Pick, MESSAGES)
    assert slots_asked(server) == [None]


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


def embedded_client(url: str, slot_dir: Path) -> ModelClient:
    client = connect(url)
    client.embedded = SimpleNamespace(slots=2, slot_dir=slot_dir, model_key="m", context=8192)
    return client


def test_the_system_prompt_is_read_on_slot_0_saved_and_restored_into_the_others(tmp_path: Path) -> None:
    prompts = PromptSet()
    name = prefix_file("m", prompts, 8192)
    with saving_server(700, tmp_path, name) as server:
        prepare_prefix(embedded_client(server.url, tmp_path), prompts)
    posts = [(r.path, r.body) for r in server.requests if r.method == "POST"]
    assert posts[0][0].endswith("/chat/completions") and posts[0][1]["id_slot"] == 0
    assert [path for path, _ in posts[1:]] == ["/slots/0?action=save", "/slots/1?action=restore"]
    assert (tmp_path / name).exists()


def test_an_empty_saved_state_is_not_kept_for_later_runs(tmp_path: Path) -> None:
    prompts = PromptSet()
    name = prefix_file("m", prompts, 8192)
    with saving_server(0, tmp_path, name) as server:
        prepare_prefix(embedded_client(server.url, tmp_path), prompts)
    assert not (tmp_path / name).exists()
    assert not [r for r in server.requests if "restore" in r.path]
