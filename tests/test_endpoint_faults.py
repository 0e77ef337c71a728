"""Endpoint faults (issue 11, items 8-12 and 14): bounded bytes, honest exit codes and
timeouts, no rest after a refusal that will not change, a doctor that sees a broken chat."""

from __future__ import annotations

import json
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import Reply, completion, fake_openai, scripted
from test_batch import copy_articles

from summarizer.connection import connect
from summarizer.endpoint import EndpointConfig
from summarizer.errors import EndpointError
from summarizer.llm import ModelClient
from summarizer.questions import FoundProposals

MESSAGES = [{"role": "user", "content": "Which sentences?"}]
OK = completion({"sentences": [1]})


def client(url: str, **kwargs) -> ModelClient:
    return connect(EndpointConfig(url, None, None, "llamacpp"), retry_seconds=2, **kwargs)


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes of JSON-looking spaces, gzip-compressed (about 1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    parts = [packer.compress(b'{"choices": [' + block)]
    parts += [packer.compress(block) for _ in range(inflated >> 20)]
    return b"".join(parts) + packer.flush()


def test_a_gzip_bomb_is_cut_at_the_limit_in_bounded_memory() -> None:
    bomb = gzip_bomb(300 << 20)
    assert len(bomb) < 1 << 20
    with fake_openai(scripted([Reply(bomb, headers={"Content-Encoding": "gzip"})])) as server:
        tracemalloc.start()
        try:
            with pytest.raises(EndpointError, match="over the limit of"):
                client(server.url).ask(FoundProposals, MESSAGES)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 120 << 20  # the limit (32 MB) and its copies, not 300 MB inflated


def test_a_huge_plain_answer_is_cut_at_the_limit() -> None:
    with fake_openai(scripted([Reply(b" " * (50 << 20))])) as server:
        with pytest.raises(EndpointError, match="over the limit of 33,554,432 bytes"):
            client(server.url).ask(FoundProposals, MESSAGES)
        assert len(server.chat_requests) == 1  # a fault of the answer, not retried


def test_a_gzip_answer_within_the_limit_is_read() -> None:
    body = zlib.compress(json.dumps(OK.body).encode(), wbits=16 + zlib.MAX_WBITS)
    with fake_openai(scripted([Reply(body, headers={"Content-Encoding": "gzip"})])) as server:
        assert client(server.url).ask(FoundProposals, MESSAGES).value.sentences == [1]


def test_devices_and_pipes_respect_max_bytes(tmp_path: Path) -> None:
    import os

    zero = run_cli("summarize", "/dev/zero", "--max-bytes", "1000", "--base-url", "http://127.0.0.1:9/v1")
    assert zero.returncode == 2 and b"over the limit of 1,000 bytes" in zero.stderr
    os.mkfifo(tmp_path / "fifo.txt")
    fifo = run_cli("summarize", str(tmp_path / "fifo.txt"), "--base-url", "http://127.0.0.1:9/v1", timeout=20)
    assert fifo.returncode == 2 and b"is a pipe" in fifo.stderr
    piped = run_cli("summarize", "-", "--max-bytes", "1000", stdin=b"x" * 5000)
    assert piped.returncode == 2 and b"stdin is over the limit" in piped.stderr


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (Reply("<html><body>Welcome to nginx</body></html>", content_type="text/html"), "not JSON"),
        (Reply({"object": "chat.completion", "id": "x"}), "no 'choices'"),
    ],
)
def test_a_200_that_is_not_a_completion_is_an_endpoint_fault(
    seed_path: Path, reply: Reply, detail: str
) -> None:
    with fake_openai(scripted([reply])) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp")
        asked = len(server.chat_requests)
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    error = stderr.splitlines()[-1]  # the error line alone: the article's path may say anything
    assert detail in error and "HTTP 200" in error and "failed the check" not in error
    assert asked == 1  # neither retried nor re-asked


def test_a_rejecting_endpoint_fails_each_article_at_once(tmp_path: Path) -> None:
    copy_articles(tmp_path / "in", 4)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    rejected = Reply({"error": {"message": "context too long"}}, status=400)
    with fake_openai(scripted([rejected])) as server:
        started = time.monotonic()
        result = run_cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--base-url", server.url,
                         "--backend", "llamacpp", env=env)  # fmt: skip
        seconds = time.monotonic() - started
        asked = len(server.chat_requests)
    assert result.returncode == 1 and "4 failed" in result.stderr.decode()
    assert asked == 4  # one try each: no retry, no rest
    assert seconds < 15, seconds


@pytest.mark.parametrize("status", [408, 409, 429, 503])
def test_transient_statuses_are_retried(status: int) -> None:
    with fake_openai(scripted([Reply({"error": "busy"}, status=status), OK])) as server:
        assert client(server.url).ask(FoundProposals, MESSAGES).value.sentences == [1]
        assert len(server.chat_requests) == 2


def test_the_timeout_bounds_each_request_retries_included(seed_path: Path) -> None:
    with fake_openai(scripted([Reply(delay=60)])) as server:
        started = time.monotonic()
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--timeout", "2",
                         env={"SUMMARIZER_RETRY_SECONDS": "120"})  # fmt: skip
        seconds = time.monotonic() - started
    assert result.returncode == 3 and b"did not answer within 2 s" in result.stderr
    # Startup, then two requests (a one-token probe of the backend, the first question),
    # each cut at 2 s however much retrying time is left.
    assert seconds < 12, seconds


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (Reply("<html>login</html>", content_type="text/html"), "not JSON"),
        (Reply({"error": {"message": "bad"}}, status=400), "HTTP 400"),
        (Reply(delay=60), "no answer within 2 s"),
    ],
)
def test_doctor_is_not_ready_when_chat_fails(reply: Reply, detail: str) -> None:
    with fake_openai(scripted([reply])) as server:
        started = time.monotonic()
        result = run_cli("doctor", "--base-url", server.url, "--backend", "llamacpp", "--timeout", "2")
        seconds = time.monotonic() - started
    stdout = result.stdout.decode()
    assert result.returncode == 3, stdout
    assert "NOT READY: chat answers" in stdout and detail in stdout
    assert seconds < 15


def test_doctor_is_ready_for_a_working_endpoint() -> None:
    with fake_openai(scripted([OK])) as server:
        result = run_cli("doctor", "--base-url", server.url, "--backend", "llamacpp")
    assert result.returncode == 0 and b"READY" in result.stdout


def test_eval_fails_when_the_endpoint_failed(tmp_path: Path) -> None:
    with fake_openai(scripted([Reply({"error": "down"}, status=503)])) as server:
        result = run_cli("eval", "evals", "--only", "brics-2024-09-11", "--base-url", server.url,
                         "--backend", "llamacpp", "--report-dir", str(tmp_path))  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert "failed at the endpoint" in stderr and (tmp_path / "report.json").exists()


def test_a_redirect_on_models_is_named(seed_path: Path) -> None:
    with fake_openai(scripted([OK])) as server:
        server.models_reply = Reply(
            "", status=301, headers={"Location": "https://elsewhere.example/v1/models"}
        )
        result = run_cli("summarize", str(seed_path), "--base-url", server.url)
    stderr = result.stderr.decode()
    assert result.returncode == 3 and "redirects (HTTP 301)" in stderr and "elsewhere.example" in stderr
