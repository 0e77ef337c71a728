"""Faults and secrets: every failure ends in bounded time with one clear message, and an
API key never shows up in output, logs, errors, caches or reports."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import (
    Reply,
    completion,
    fake_openai,
    reference_answers,
    scripted,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.assemble import evidence_of
from summarizer.connection import connect
from summarizer.endpoint import EndpointConfig
from summarizer.errors import EndpointError
from summarizer.llm import ModelClient
from summarizer.loader import parse_article
from summarizer.questions import FoundProposals

KEY = "sk-test-VERY-SECRET-0123456789abcdef"
MESSAGES = [{"role": "user", "content": "Which sentences?"}]


def client(url: str, **kwargs) -> ModelClient:
    return connect(
        EndpointConfig(url, None, None, "llamacpp"), retry_seconds=kwargs.pop("retry", 3), **kwargs
    )


def test_a_server_dying_mid_request_is_retried_then_reported() -> None:
    with fake_openai(scripted([Reply(hang_up=True)])) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="cannot reach|kept failing"):
            client(server.url).ask(FoundProposals, MESSAGES)
        assert time.monotonic() - started < 20
        assert len(server.chat_requests) >= 2  # it was retried


def test_a_server_dying_once_loses_nothing() -> None:
    with fake_openai(scripted([Reply(hang_up=True), completion({"sentences": [1]})])) as server:
        assert client(server.url).ask(FoundProposals, MESSAGES).value.sentences == [1]


def test_a_very_slow_answer_is_cut_at_the_timeout() -> None:
    body = completion({"sentences": [1]}).body
    with fake_openai(scripted([Reply(body, drip=0.05)])) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="did not answer within 2 s|cannot reach"):
            client(server.url, timeout=2.0, retry=1).ask(FoundProposals, MESSAGES)
        assert time.monotonic() - started < 15


def test_a_hanging_server_ends_in_bounded_time() -> None:
    with fake_openai(scripted([Reply(delay=30)])) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="did not answer within 1 s"):
            client(server.url, timeout=1.0, retry=1).ask(FoundProposals, MESSAGES)
        assert time.monotonic() - started < 10


def test_repeated_sentence_ids_are_re_asked() -> None:
    replies = [completion({"sentences": [3, 3]}), completion({"sentences": [3]})]
    with fake_openai(scripted(replies)) as server:
        answer = client(server.url).ask(FoundProposals, MESSAGES, context={"sentence_ids": [1, 2, 3]})
    assert answer.value.sentences == [3] and answer.cost.attempts == 2


def test_the_api_key_never_leaks(tmp_path: Path, seed_path: Path) -> None:
    def echo_key(path: str, body: dict) -> Reply:
        return Reply({"error": {"message": f"quota exceeded for key {KEY}"}}, status=400)

    cache = tmp_path / "cache"
    env = {"OPENAI_API_KEY": KEY, "SUMMARIZER_CACHE_DIR": str(cache)}
    with fake_openai(reference_answers()) as good:
        ok = run_cli("-v", "summarize", str(seed_path), "--base-url", good.url, "--wording", "extract",
                     "--out", str(tmp_path / "s.json"), env=env)  # fmt: skip
        batch = run_cli("-v", "batch", str(seed_path), "--out", str(tmp_path / "b"), "--base-url", good.url,
                        "--wording", "extract", env=env)  # fmt: skip
        seen = [r.headers.get("Authorization", "") for r in good.requests]
    with fake_openai(echo_key) as bad:
        failed = run_cli("-v", "summarize", str(seed_path), "--base-url", bad.url, "--api-key", KEY, env=env)
    assert ok.returncode == 0 and batch.returncode == 0 and failed.returncode == 3
    assert f"Bearer {KEY}" in seen  # the key was used ...
    texts = [ok.stdout, ok.stderr, batch.stdout, batch.stderr, failed.stdout, failed.stderr]
    texts += [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".sqlite3"]
    rows = sqlite3.connect(cache / "results.sqlite3").execute("SELECT * FROM results").fetchall()
    texts.append(json.dumps(rows).encode())
    for text in texts:  # ... and shown nowhere
        assert KEY.encode() not in text
        assert b"VERY-SECRET" not in text
    assert b"***" in failed.stderr


def test_embedded_and_served_models_listen_on_loopback_only() -> None:
    from summarizer.embedded import EmbeddedServer

    assert EmbeddedServer().host == "127.0.0.1"
    assert "127.0.0.1" in run_cli("serve", "--help").stdout.decode()


printable = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@settings(max_examples=60)
@given(printable, st.lists(st.integers(min_value=1, max_value=40), max_size=8))
def test_evidence_resolved_from_ids_is_always_verbatim(text: str, ids: list[int]) -> None:
    try:
        article = parse_article(text, "x")
    except Exception as error:  # only the loader's own refusals
        assert type(error).__name__ == "InputError"
        return
    valid = [i for i in ids if i <= len(article.sentences)]
    for evidence in evidence_of(article, valid):
        assert article.text[evidence.start : evidence.end] == evidence.text
